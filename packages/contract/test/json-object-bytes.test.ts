import { describe, expect, it } from 'vitest';
import { encodeCompactImport } from '../src/compact-import.ts';
import { type JsonObjectPiece, parseJsonObjectBytes } from '../src/json-object-bytes.ts';

const parse = (text: string) => parseJsonObjectBytes(Buffer.from(text, 'utf8'));

describe('parseJsonObjectBytes', () => {
  it('gives what JSON.parse gives, member by member', () => {
    const texts = [
      '{}',
      ' \n\t{ }\r\n',
      '{"a":1}',
      '{ "a" : -1.5e3 , "b":true,"c":false,"d":null }',
      '{"s":"x\\"y\\\\","t":"\\\\","u":"\\\\\\"","v":"\\u00e9 ü \\n ,}]"}',
      '{"nested":{"a":[1,{"b":"}]"},[]],"c":{}},"arr":[[],[[{"x":"]"}]]],"n":0}',
      '{"a\\"b":1,"é":"ü"}',
      '{"dup":1,"dup":2}',
      '{"__proto__":{"polluted":true},"x":1}',
      '\ufeff{"bom":true}',
    ];
    for (const text of texts) {
      const expected = JSON.parse(text.replace(/^\ufeff/, '')) as unknown;
      const parsed = parse(text);
      expect(parsed, text).toEqual(expected);
      expect(Object.getPrototypeOf(parsed), text).toBe(Object.prototype);
    }
    expect(Object.hasOwn(parse('{"__proto__":{"polluted":true}}'), '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses what JSON.parse refuses, and what is not an object', () => {
    const texts = [
      '',
      '   ',
      '[1,2]',
      '"text"',
      '1',
      '{',
      '{"a"}',
      '{"a":}',
      '{"a":1,}',
      '{"a":1 "b":2}',
      '{"a":1}x',
      '{"a":1}{}',
      '{"a":tru}',
      '{"a":"unterminated}',
      '{"a":[1}',
      '{"a":{"b":1]}',
      '{"a":1 2}',
      '{a:1}',
      '{"a":"\u0001"}',
      '{"a":"\\x"}',
    ];
    for (const text of texts) expect(() => parse(text), JSON.stringify(text)).toThrow(SyntaxError);
  });

  it('reads a compact import answer of 2,000 records as JSON.parse does', () => {
    const results = Array.from({ length: 2000 }, (_, k) =>
      k % 97 === 5
        ? {
            externalId: `CL-${k}`,
            outcome: 'rejected' as const,
            errors: [
              { field: 'fields.email', code: 'invalid_format' as const, message: 'not an "e-mail" \\ ü' },
            ],
          }
        : {
            externalId: `CL-${k}`,
            outcome: 'created' as const,
            id: `0000${k}-aaaa-bbbb-cccc-dddddddddddd`,
            contentHash: k.toString(16).padStart(64, 'f'),
            ...(k % 13 === 0 ? { deferred: ['customer'] } : {}),
          },
    );
    const response = {
      entity: 'client',
      source: 'vendor-x',
      dryRun: false,
      counts: { created: 1979, updated: 0, unchanged: 0, rejected: 21 },
      results,
    };
    const text = JSON.stringify(encodeCompactImport(response));
    expect(text.length).toBeGreaterThan(150_000);
    expect(parse(text)).toEqual(JSON.parse(text));
  });
});

describe('parseJsonObjectBytes over arrays larger than a piece', () => {
  /** Rows whose strings hold the cuts the parser looks for, escapes and characters of 2-4 bytes. */
  const rows = Array.from({ length: 3000 }, (_, k) =>
    k % 2 === 0
      ? [`r-${k}`, `a],[b},{c "q" \\ é 𝄞 ${k}`, k, null, true, { nested: [[k], { x: '],[' }] }]
      : { externalId: `r-${k}`, fields: { s: '},{', n: [k, [k]] } },
  );

  it('gives what JSON.parse gives, and each run of elements to the visitor in order', () => {
    for (const body of [
      { source: 's', fields: ['a'], rows },
      { rows, source: 's' },
      { rows: [...rows, [[]]], tail: [[1], [2]] },
    ]) {
      const text = JSON.stringify(body);
      const pieces: JsonObjectPiece[] = [];
      const bytes = Buffer.from(`\ufeff ${text} \n`, 'utf8');
      expect(parseJsonObjectBytes(bytes, { piece: (p) => pieces.push(p) })).toEqual(JSON.parse(text));
      const runs = pieces.filter((p) => p.name === 'rows');
      expect(runs.length).toBeGreaterThan(3);
      let next = 0;
      for (const run of runs) {
        expect(run.firstIndex).toBe(next);
        expect(run.text.length).toBeLessThan(128 * 1024);
        // A run is its elements' bytes in the body, in brackets.
        const inner = Buffer.from(run.text.slice(1, -1), 'utf8');
        expect(bytes.subarray(run.byteOffset, run.byteOffset + inner.length).equals(inner)).toBe(true);
        next += (JSON.parse(run.text) as unknown[]).length;
      }
      expect(next).toBe((body.rows as unknown[]).length);
    }
  });

  it('refuses what JSON.parse refuses, wherever in the array', () => {
    const text = JSON.stringify({ source: 's', rows });
    const at = text.indexOf('"r-2500"');
    const broken = [
      `${text.slice(0, at)}${text.slice(at + 1)}`, // an unterminated string late in the array
      `${text.slice(0, at)},${text.slice(at)}`, // an empty element
      `${text.slice(0, -2)},]}`, // a trailing comma
      `${text.slice(0, -2)}}`, // the array never closed
      `${text.slice(0, -1)}`, // the object never closed
      `${text.slice(0, -2)}]]}`, // one bracket too many
      `${text}x`,
      `${text.slice(0, at)}"\u0001${text.slice(at + 1)}`, // a control character in a string
      text.replace('"r-1500"', '"r-1500" 1'),
      text.replace('}},["r-2500"', '}} ["r-2500"'), // no comma between two elements
      text.replace('}],{"externalId":"r-2501"', '}] {"externalId":"r-2501"'),
      text.replace('}},["r-2500"', '}}],["r-2500"'), // the array closed early
    ];
    for (const body of broken) {
      expect(body).not.toBe(text);
      expect(() => JSON.parse(body), body.slice(-40)).toThrow(SyntaxError);
      expect(() => parse(body), body.slice(-40)).toThrow(SyntaxError);
    }
  });

  it('names what it could not parse and its byte offset in the body', () => {
    const text = JSON.stringify({ source: 's', rows });
    const at = text.indexOf('"r-2500"');
    const bad = Buffer.from(`${text.slice(0, at)}tru${text.slice(at + '"r-2500"'.length)}`, 'utf8');
    const message = (() => {
      try {
        parseJsonObjectBytes(bad);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    })();
    // The run holding the bad element, named by its member and where it starts.
    expect(message).toMatch(/^elements of "rows" at byte \d+: /);
    const start = Number(/at byte (\d+)/.exec(message)?.[1]);
    expect(start).toBeGreaterThan(64 * 1024);
    expect(start).toBeLessThan(Buffer.byteLength(text.slice(0, at)));
    expect(() => parse('{"a":1,"b":[1,2,x]}')).toThrow(/^elements of "b" at byte 12: /);
    expect(() => parse('{"a":1,"b":{"c":x}}')).toThrow(/^the value of "b" at byte 11: /);
    expect(() => parse('{"a":"\\x"}')).toThrow(/^the value of "a" at byte 5: /);
    expect(() => parse('{"a":[1,"2]}')).toThrow('the string at byte 8 is not closed');
    expect(() => parse('{"a":{"b":[1,2}')).toThrow('the object or array at byte 5 is not closed');
    expect(() => parse(' [1]')).toThrow("the body is not a JSON object: no '{' at byte 1");
  });
});
