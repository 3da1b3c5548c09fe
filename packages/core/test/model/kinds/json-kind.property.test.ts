import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../src/import/content-hash.ts';
import { jsonKind } from '../../../src/model/kinds/json-kind.ts';
import { MODEL } from '../../../src/model/model.ts';

const RUNS = 200;
const DEF = { type: 'json' } as const;
const products = MODEL.get('products');
if (products === undefined) throw new Error('no entity products');

/** An array index as JavaScript objects see one: such keys always come first, in numeric order. */
const isIndex = (k: string) => /^(0|[1-9]\d*)$/.test(k) && Number(k) < 2 ** 32 - 1;

/**
 * The canonical key order: index-like keys ("0", "7", "10") in numeric order first (JavaScript
 * objects enumerate them so whatever the insertion order), then the others in UTF-16 order.
 */
function canonicalOrder(a: string, b: string): number {
  if (isIndex(a) !== isIndex(b)) return isIndex(a) ? -1 : 1;
  if (isIndex(a)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON text with keys in the canonical order at every level, written here without core's sortKeys. */
function sortedText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort(canonicalOrder);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedText(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The same content with every object's keys in reverse order (as JSON.parse would build it). */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value !== null && typeof value === 'object')
    return JSON.parse(
      `{${Object.keys(value)
        .reverse()
        .map((k) => `${JSON.stringify(k)}:${JSON.stringify(reversed((value as Record<string, unknown>)[k]))}`)
        .join(',')}}`,
    );
  return value;
}

/** Keys of every object in document order. */
function keyOrderIsSorted(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(keyOrderIsSorted);
  if (value === null || typeof value !== 'object') return true;
  const keys = Object.keys(value);
  return (
    keys.every((k, i) => i === 0 || canonicalOrder(keys[i - 1] as string, k) < 0) &&
    Object.values(value).every(keyOrderIsSorted)
  );
}

const key = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    'a',
    'B',
    'é',
    'e\u0301',
    '😀',
    '',
    '0',
    '10',
    '9',
    '01',
    '-1',
  ),
);
const object = fc
  .dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 })
  .map((o) => JSON.parse(JSON.stringify(o)));

/** An object nested `depth` levels (the object itself is level 1), objects and arrays alternating. */
const nested = (depth: number, leaf: unknown): unknown => {
  let value: unknown = { leaf };
  for (let level = 2; level <= depth; level++) value = level % 2 === 0 ? [value] : { [`k${level}`]: value };
  return depth % 2 === 0 ? { wrap: value } : value;
};
const depthOf = (value: unknown): number => {
  if (value === null || typeof value !== 'object') return 0;
  const inner = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...inner.map(depthOf));
};

describe('json kind (properties)', () => {
  it(
    'keeps the content, sorts keys at every level, and is idempotent',
    () => {
      fc.assert(
        fc.property(object, (value) => {
          const parsed = jsonKind.parse(value, DEF);
          if (!parsed.ok) throw new Error(parsed.message);
          expect(parsed.value).toEqual(value);
          expect(keyOrderIsSorted(parsed.value)).toBe(true);
          expect(JSON.stringify(parsed.value)).toBe(sortedText(value));
          expect(jsonKind.parse(parsed.value, DEF)).toEqual(parsed);
          expect(jsonKind.fromDb(jsonKind.toDb(parsed.value))).toEqual(parsed.value);
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'gives equal content hashes exactly to equal content, whatever the key order',
    () => {
      fc.assert(
        fc.property(object, object, fc.boolean(), (a, other, reorder) => {
          const b = reorder ? reversed(a) : other;
          const hashOf = (value: unknown) => {
            const parsed = jsonKind.parse(value, DEF);
            if (!parsed.ok) throw new Error(parsed.message);
            return contentHash(products, [parsed.value], []);
          };
          expect(hashOf(a) === hashOf(b)).toBe(sortedText(a) === sortedText(b));
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'accepts nesting up to 32 levels and refuses deeper as too_large, naming the path',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 30, max: 34 })),
          fc.jsonValue({ maxDepth: 0 }),
          (depth, leaf) => {
            const value = nested(depth, leaf);
            const levels = depthOf(value);
            const parsed = jsonKind.parse(value, DEF);
            if (levels <= 32) expect(parsed.ok, `${levels} levels`).toBe(true);
            else
              expect(parsed, `${levels} levels`).toMatchObject({
                ok: false,
                code: 'too_large',
                message: expect.stringMatching(/32 levels.*at \$/),
              });
          },
        ),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'refuses more than 65,535 bytes of canonical JSON as too_long, counting UTF-8 bytes',
    () => {
      const filler = fc.constantFrom('a', 'é', '😀', '中', '"', '\n');
      fc.assert(
        fc.property(filler, fc.integer({ min: -40, max: 40 }), (char, slack) => {
          // {"s":"..."}: 8 bytes around the string, whose JSON spelling takes `unitBytes` each.
          const unitBytes = Buffer.byteLength(JSON.stringify(char)) - 2;
          const count = Math.max(0, Math.floor((65_535 - 8) / unitBytes) + slack);
          const value = { s: char.repeat(count) };
          const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
          const parsed = jsonKind.parse(value, DEF);
          if (bytes <= 65_535) expect(parsed.ok, `${bytes} bytes`).toBe(true);
          else expect(parsed, `${bytes} bytes`).toMatchObject({ ok: false, code: 'too_long' });
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'refuses NUL, lone surrogates and non-finite numbers anywhere, naming where',
    () => {
      const bad = fc.constantFrom<[unknown, boolean]>(
        ['\u0000', false],
        ['x\ud800', false],
        [Number.POSITIVE_INFINITY, false],
        [Number.NaN, false],
        ['\u0000', true],
        ['\udfffy', true],
      );
      fc.assert(
        fc.property(object, bad, fc.integer({ min: 1, max: 5 }), (base, [poison, asKey], depth) => {
          const inner = asKey ? { [poison as string]: 1 } : { bad: poison };
          const value = { ...base, zz: nested(depth, inner) };
          const parsed = jsonKind.parse(value, DEF);
          expect(parsed).toMatchObject({
            ok: false,
            code: 'invalid_format',
            message: expect.stringMatching(/^\$.*(NUL|surrogate|finite)/),
          });
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});
