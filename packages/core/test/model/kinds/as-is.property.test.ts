import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asIsCheck } from '../../../src/model/kinds/as-is.ts';
import { decimalKind } from '../../../src/model/kinds/decimal-kind.ts';
import { KINDS } from '../../../src/model/kinds/index.ts';

/**
 * Decimal spellings at the edges of canonical: zero signed and padded, '+', too few and too many
 * fraction digits, exponent, bare point, non-ASCII digits, integer parts at and past the precision.
 */
const DECIMAL_EDGES: string[] = [
  '0',
  '0.00',
  '-0.00',
  '-0',
  '0.0000',
  '-0.0000',
  '00.50',
  '00',
  '01',
  '0.50',
  '+1.00',
  '+0.00',
  '1.5',
  '1.50',
  '1.500',
  '1.5000',
  '-12.34',
  '-12.3400',
  '12',
  '-12',
  '1e3',
  '1E3',
  '.5',
  '5.',
  '-.50',
  '-',
  '.',
  '',
  ' 1.00',
  '1.00 ',
  '1,00',
  '١٢',
  '١٢.٠٠',
  '１.00',
  '0.01',
  '0.0001',
  '-0.01',
  '10.00',
  '9.99',
  '1.00',
  '123.4500',
  `${'9'.repeat(10)}.0000`,
  `${'9'.repeat(11)}.0000`,
  `${'1'.repeat(16)}.00`,
  `${'1'.repeat(17)}.00`,
  `-${'1'.repeat(16)}.00`,
  `-${'1'.repeat(17)}.00`,
  '1'.repeat(18),
  '1'.repeat(19),
  `0${'1'.repeat(16)}.00`,
];

/** Decimal defs: the defaults, no and more fraction digits, the model's zero lower bounds, bounds only `parse` judges. */
const DECIMAL_DEFS = [
  {},
  { scale: 0 },
  { scale: 4, precision: 14 },
  { minimum: '0' },
  { exclusiveMinimum: '0' },
  { scale: 4, precision: 14, exclusiveMinimum: '0' },
  { minimum: '0', exclusiveMinimum: '0' },
  { maximum: '10' },
  { minimum: '1' },
  { minimum: '0.00' },
  { exclusiveMinimum: '1' },
  { scale: 4, precision: 14, exclusiveMinimum: '0.5' },
];

/** Whether `def`'s bounds are at most the zero lower bounds the decimal check judges itself. */
const onlyZeroLowerBounds = (def: Record<string, unknown>) =>
  def['maximum'] === undefined &&
  (def['minimum'] === undefined || def['minimum'] === '0') &&
  (def['exclusiveMinimum'] === undefined || def['exclusiveMinimum'] === '0');

/** Values near every check's edges: lengths, NUL, lone surrogates, e-mail, country and timestamp spellings. */
const EDGES: unknown[] = [
  null,
  undefined,
  '',
  'text',
  'x'.repeat(5),
  'x'.repeat(6),
  'x'.repeat(254),
  'x'.repeat(255),
  'x'.repeat(256),
  '😀'.repeat(127),
  '😀'.repeat(128),
  'nul\u0000',
  'lone \ud800',
  'lone \udc00 low',
  'a@b.co',
  'a@b',
  'a b@c.de',
  `${'x'.repeat(250)}@b.co`,
  'US',
  'us',
  'XX',
  'constructor',
  '2024-01-31T12:00:00.123456Z',
  '2024-01-31t12:00:00.123456z',
  '2024-01-31T12:00:00.123456+00:00',
  '2024-01-31T12:00:00Z',
  '2024-02-30T12:00:00.000000Z',
  '2024-01-31T24:00:00.000000Z',
  '0000-01-01T00:00:00.000000Z',
  '2024-01-31 12:00:00.123456Z',
  '2024-01-31T12:00:00.12345xZ',
  '2016-12-31T23:59:60.000000Z',
  '2024-01-31T12:00:00.1234567Z',
  '2024-01-31T12:00:00.123456Zz',
  '2024-01-31T12:00:00.123456\u0000',
  '2023-02-29T00:00:00.000000Z',
  '\u{1F600}'.repeat(5),
  '\u{1F600}'.repeat(6),
  'x\u{1F600}'.repeat(3),
  '\u202eevil\u202c',
  ' padded ',
  'e\u0301',
  'A@B.CO',
  '\u00fc@b\u00fccher.de',
  'a@b.co.',
  'a@b.co\n',
  'a@b.co\u0000',
  'US ',
  '__proto__',
  'true',
  true,
  false,
  0,
  1,
  1.5,
  [],
  {},
  ...DECIMAL_EDGES,
];

const DEFS = [{}, { maxLength: 5 }, { maxLength: 1 }, { maxLength: 0 }, { maxLength: 300 }, ...DECIMAL_DEFS];

/** Decimal-like text: random characters of a decimal's alphabet, and sign, digits and point put together. */
const decimalLike = fc.oneof(
  fc.constantFrom(...DECIMAL_EDGES),
  fc.string({ unit: fc.constantFrom(...'-+0123456789.'), maxLength: 24 }),
  fc
    .tuple(
      fc.constantFrom('', '', '-', '+'),
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 20 }),
      fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 6 })),
    )
    .map(([sign, int, frac]) => `${sign}${int}${frac === null ? '' : `.${frac}`}`),
  fc
    .tuple(
      fc.constantFrom('', '-'),
      fc.oneof(fc.constant('0'), fc.stringMatching(/^[1-9]\d{0,17}$/)),
      fc.constantFrom('', '.00', '.50', '.0000', '.1234', '.01', '.0001'),
    )
    .map(([sign, int, frac]) => `${sign}${int}${frac}`),
);

describe('as-is checks (a value kept without parse)', () => {
  const kinds = Object.entries(KINDS).filter(([, kind]) => asIsCheck(kind) !== undefined);

  it('has checks for the common kinds only, each its own (spread kinds do not share one)', () => {
    expect(kinds.map(([name]) => name).sort()).toEqual([
      'boolean',
      'country',
      'decimal',
      'email',
      'string',
      'timestamp',
    ]);
    expect(asIsCheck(KINDS.enum)).toBeUndefined();
    expect(asIsCheck(KINDS.currency)).toBeUndefined();
  });

  it(
    "keeps only what the kind's parse returns as ok with that very value",
    () => {
      const value = fc.oneof(
        fc.constantFrom(...EDGES),
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.string({ unit: 'grapheme', maxLength: 140 }),
        fc.emailAddress(),
        decimalLike,
        fc
          .date({
            min: new Date(-62_000_000_000_000),
            max: new Date(253_402_300_799_000),
            noInvalidDate: true,
          })
          .map((d) => `${d.toISOString().slice(0, 23)}${String(d.getTime() % 1000).padStart(3, '0')}Z`),
      );
      fc.assert(
        fc.property(fc.constantFrom(...kinds), value, fc.constantFrom(...DEFS), ([, kind], v, def) => {
          const check = asIsCheck(kind) as NonNullable<ReturnType<typeof asIsCheck>>;
          if (!check(v, def as never)) return;
          const parsed = kind.parse(v, def as never);
          expect(parsed).toEqual({ ok: true, value: v });
        }),
        fuzzOptions(2000),
      );
      for (const [, kind] of kinds)
        for (const v of EDGES)
          for (const def of DEFS) {
            const check = asIsCheck(kind) as NonNullable<ReturnType<typeof asIsCheck>>;
            if (check(v, def as never)) expect(kind.parse(v, def as never)).toEqual({ ok: true, value: v });
          }
    },
    fuzzTimeout(2000, 5),
  );

  it(
    'keeps a decimal exactly when parse gives it back unchanged and its bounds are zero lower bounds at most',
    () => {
      const check = asIsCheck(decimalKind) as NonNullable<ReturnType<typeof asIsCheck>>;
      const agree = (v: string, def: Record<string, unknown>) => {
        const kept = check(v, def as never);
        const parsed = decimalKind.parse(v, def as never);
        if (kept) expect([v, def, parsed]).toEqual([v, def, { ok: true, value: v }]);
        // The other way: a value parse returns unchanged takes the fast path unless a bound only parse judges.
        else if (parsed.ok && parsed.value === v && onlyZeroLowerBounds(def))
          expect([v, def, 'not kept']).toEqual([v, def, 'kept']);
      };
      for (const v of DECIMAL_EDGES) for (const def of DECIMAL_DEFS) agree(v, def);
      fc.assert(fc.property(decimalLike, fc.constantFrom(...DECIMAL_DEFS), agree), fuzzOptions(2000));
    },
    fuzzTimeout(2000, 5),
  );

  it('spells out which decimals are kept', () => {
    const check = asIsCheck(decimalKind) as NonNullable<ReturnType<typeof asIsCheck>>;
    const kept = (v: unknown, def: Record<string, unknown> = {}) => check(v, def as never);
    expect(['0.00', '1.50', '-12.34', `${'1'.repeat(16)}.00`].map((v) => kept(v))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(
      ['0', '-0.00', '00.50', '01.00', '+1.00', '1.5', '1.500', '1e3', '.50', '5.', '', '١٢.٠٠', 1.5].map(
        (v) => kept(v),
      ),
    ).toEqual(Array(13).fill(false));
    expect(kept(`${'1'.repeat(17)}.00`)).toBe(false);
    expect([kept('0', { scale: 0 }), kept('12', { scale: 0 }), kept('12.0', { scale: 0 })]).toEqual([
      true,
      true,
      false,
    ]);
    const fourDigits = { scale: 4, precision: 14 };
    expect([
      kept('123.4500', fourDigits),
      kept('123.45', fourDigits),
      kept(`${'9'.repeat(11)}.0000`, fourDigits),
    ]).toEqual([true, false, false]);
    const nonNegative = { minimum: '0' };
    expect([kept('0.00', nonNegative), kept('0.01', nonNegative), kept('-0.01', nonNegative)]).toEqual([
      true,
      true,
      false,
    ]);
    const positive = { exclusiveMinimum: '0' };
    expect([kept('0.00', positive), kept('0.01', positive), kept('-1.00', positive)]).toEqual([
      false,
      true,
      false,
    ]);
    expect([
      kept('1.00', { maximum: '10' }),
      kept('1.00', { minimum: '1' }),
      kept('1.00', { minimum: '0.00' }),
      kept('2.00', { exclusiveMinimum: '1' }),
    ]).toEqual([false, false, false, false]);
  });

  it('keeps the common canonical values (so the fast path is taken)', () => {
    expect(asIsCheck(KINDS.string)?.('Springfield', {} as never)).toBe(true);
    expect(asIsCheck(KINDS.email)?.('customer1@example.com', {} as never)).toBe(true);
    expect(asIsCheck(KINDS.country)?.('US', {} as never)).toBe(true);
    expect(asIsCheck(KINDS.boolean)?.(false, {} as never)).toBe(true);
    expect(asIsCheck(KINDS.timestamp)?.('2023-05-01T10:11:12.123456Z', {} as never)).toBe(true);
    expect(asIsCheck(KINDS.decimal)?.('123.45', {} as never)).toBe(true);
    expect(
      asIsCheck(KINDS.decimal)?.('123.4500', { precision: 14, scale: 4, exclusiveMinimum: '0' } as never),
    ).toBe(true);
  });
});
