import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../src/import/content-hash.ts';
import type { FieldDef } from '../../../src/model/field.ts';
import { decimalKind } from '../../../src/model/kinds/decimal-kind.ts';
import { MODEL } from '../../../src/model/model.ts';
import { compareExact, exactOf, formatAt, integerDigits, significantScale } from './decimal-oracle.ts';

const RUNS = 300;
const products = MODEL.get('products');
if (products === undefined) throw new Error('no entity products');

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

/** Spellings docs/core.md accepts: optional sign, leading zeros, optional fraction with trailing zeros. */
const spelling = fc
  .record({
    sign: fc.constantFrom('', '+', '-'),
    zeros: fc.constantFrom('', '0', '000'),
    int: fc.oneof(digits(1, 22), digits(1, 3), fc.constantFrom('0', '00')),
    frac: fc.option(fc.oneof(digits(1, 12), fc.constantFrom('0', '00', '5')), { nil: undefined }),
  })
  .map(({ sign, zeros, int, frac }) => `${sign}${zeros}${int}${frac === undefined ? '' : `.${frac}`}`);

/** Text docs/core.md refuses as a decimal: exponents, blanks, bare points, other digits. */
const refused = fc.oneof(
  fc.tuple(spelling, fc.constantFrom('e3', 'E+2', 'e-1'), fc.constant('')).map((t) => t.join('')),
  fc.tuple(fc.constantFrom(' ', '\t', '\u00a0'), spelling).map(([b, s]) => `${b}${s}`),
  fc.tuple(spelling, fc.constantFrom(' ', '.', ',', '_0')).map(([s, b]) => `${s}${b}`),
  fc.tuple(fc.constantFrom('.', '-.', '+'), digits(0, 4)).map(([a, b]) => `${a}${b}`),
  fc.constantFrom('', '-', '1..0', '0x10', 'NaN', 'Infinity', '١٢', '１２', '--1', '+-1'),
);

/** A field definition: precision 1..38, scale 0..precision, bounds now and then. */
const definition = fc
  .integer({ min: 1, max: 38 })
  .chain((precision) =>
    fc.record({
      precision: fc.constant(precision),
      scale: fc.integer({ min: 0, max: precision }),
      minimum: fc.option(spelling, { nil: undefined }),
      maximum: fc.option(spelling, { nil: undefined }),
    }),
  )
  .map(
    ({ minimum, maximum, ...rest }): FieldDef => ({
      type: 'decimal',
      ...rest,
      ...(minimum !== undefined ? { minimum } : {}),
      ...(maximum !== undefined ? { maximum } : {}),
    }),
  );

/** What docs/core.md says of `text` in a field `def`: its canonical text, or the error code. */
function expected(text: string, def: FieldDef): { value: string } | { code: string } {
  const value = exactOf(text);
  if (value === undefined) return { code: 'invalid_format' };
  const precision = def.precision ?? 18;
  const scale = def.scale ?? 2;
  if (significantScale(value) > scale) return { code: 'invalid_scale' };
  if (integerDigits(value) > precision - scale) return { code: 'too_large' };
  const bound = (b: string | undefined) => (b === undefined ? undefined : exactOf(b));
  const minimum = bound(def.minimum);
  const maximum = bound(def.maximum);
  if (minimum !== undefined && compareExact(value, minimum) < 0) return { code: 'too_small' };
  if (maximum !== undefined && compareExact(value, maximum) > 0) return { code: 'too_large' };
  return { value: formatAt(value, scale) };
}

const outcome = (text: string, def: FieldDef) => {
  const parsed = decimalKind.parse(text, def);
  return parsed.ok ? { value: parsed.value } : { code: parsed.code };
};

describe('decimal kind (properties)', () => {
  it(
    'canonicalises every accepted spelling to the exact value at the field scale, and refuses the rest with the documented code',
    () => {
      fc.assert(
        fc.property(fc.oneof(spelling, refused), definition, (text, def) => {
          expect(outcome(text, def)).toEqual(expected(text, def));
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'is idempotent: the canonical text parses to itself',
    () => {
      fc.assert(
        fc.property(spelling, definition, (text, def) => {
          const first = decimalKind.parse(text, def);
          if (!first.ok) return;
          expect(decimalKind.parse(first.value, def)).toEqual(first);
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'gives equal content hashes exactly to equal amounts, whatever their spelling',
    () => {
      const def: FieldDef = { type: 'decimal', precision: 30, scale: 10 };
      const small = fc
        .tuple(fc.constantFrom('', '+', '-'), fc.constantFrom('', '0', '00'), digits(1, 3), digits(0, 3))
        .map(([s, z, i, f]) => `${s}${z}${i}${f === '' ? '' : `.${f}`}`);
      fc.assert(
        fc.property(small, small, (a, b) => {
          const hashOf = (text: string) => {
            const parsed = decimalKind.parse(text, def);
            if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
            return contentHash(products, [parsed.value], []);
          };
          const same = compareExact(exactOf(a)!, exactOf(b)!) === 0;
          expect(hashOf(a) === hashOf(b), `${a} vs ${b}`).toBe(same);
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});
