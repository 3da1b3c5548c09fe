import { encodeCompactImport } from '@madeup/contract';
import { describe, expect, it } from 'vitest';
import { parseJsonObjectBytes } from '../../src/loader/json-object-bytes.ts';

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
