import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digitRun, jsNumber } from './decimal-arbitraries.ts';
import { evaluate } from './expression-harness.ts';
import { expectedDecimal, type Format } from './number-text-oracle.ts';
import { exactly, readNumber, readWritten, roundTo, written } from './rational-oracle.ts';

/**
 * `decimal`, `integer` and `number` read exactly the forms docs/mappings.md promises (oracle:
 * number-text-oracle.ts) and reject every other text with `invalid_number` naming the value; JS
 * numbers become the decimal they print as. `MADEUP_FUZZ_RUNS` for a long run.
 */

const RUNS = 300;

/** Formats as a mapping writes them (options of the operator) and as the oracle reads them. */
const FORMATS: readonly { options: Record<string, string>; format: Format }[] = [
  { options: {}, format: { decimalSeparator: '.', groupSeparator: ',' } },
  { options: { decimalSeparator: ',' }, format: { decimalSeparator: ',', groupSeparator: '.' } },
  {
    options: { decimalSeparator: ',', groupSeparator: ' ' },
    format: { decimalSeparator: ',', groupSeparator: ' ' },
  },
  { options: { groupSeparator: "'" }, format: { decimalSeparator: '.', groupSeparator: "'" } },
  { options: { groupSeparator: '_' }, format: { decimalSeparator: '.', groupSeparator: '_' } },
];

const SPACES = [' ', '\u00a0', '\u202f', '\u2009', '\u3000'];
const WHITE = [...SPACES, '\t', '\n', '\r\n', '\ufeff'];

/** Groups `digits` in threes from the right, each join with one of `separators`. */
function grouped(digits: string, separators: readonly string[], pick: readonly number[]): string {
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) groups.unshift(digits.slice(Math.max(0, end - 3), end));
  return groups.reduce(
    (out, group, i) => `${out}${separators[pick[i % pick.length]! % separators.length]}${group}`,
  );
}

/** A number as a source writes it in `format`: signs, leading zeros, groups, white space around. */
const writtenNumber = fc
  .record({
    at: fc.integer({ min: 0, max: FORMATS.length - 1 }),
    sign: fc.constantFrom('', '', '-', '+'),
    whole: fc.oneof(
      digitRun(1, 25),
      fc.constantFrom(
        '0',
        '000',
        '1000',
        '999999',
        '9007199254740990',
        '9007199254740993',
        `1${'0'.repeat(309)}`,
      ),
    ),
    fraction: fc.option(fc.oneof(digitRun(1, 25), fc.constantFrom('00000000000000001', '9999999', '000')), {
      nil: undefined,
    }),
    group: fc.boolean(),
    mixed: fc.boolean(),
    pick: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
    bare: fc.boolean(),
    before: fc.array(fc.constantFrom(...WHITE), { maxLength: 2 }),
    after: fc.array(fc.constantFrom(...WHITE), { maxLength: 2 }),
  })
  .map(({ at, sign, whole, fraction, group, mixed, pick, bare, before, after }) => {
    const { options, format } = FORMATS[at]!;
    const separators = mixed ? [format.groupSeparator, "'", ...SPACES] : [format.groupSeparator];
    const integer = bare && fraction !== undefined ? '' : group ? grouped(whole, separators, pick) : whole;
    const point = fraction === undefined ? '' : `${format.decimalSeparator}${fraction}`;
    return { options, format, text: `${before.join('')}${sign}${integer}${point}${after.join('')}` };
  });

/** Ways a source breaks a number: exponents, stray separators, bad groups, letters, signs. */
const brokenNumber = fc
  .tuple(
    writtenNumber,
    fc.constantFrom(
      (t: string) => `${t}e5`,
      (t: string) => `${t}E-3`,
      (t: string) => `${t}.5.5`,
      (t: string) => `${t},5,5`,
      (t: string) => `${t.trim()}-`,
      (t: string) => `--${t.trim()}`,
      (t: string) => `- ${t.trim().replace(/^[+-]/, '')}`,
      (t: string) => `${t}x`,
      (t: string) => `(${t.trim()})`,
      (t: string) => `${t.trim()}%`,
      (t: string) => `${t.trim()}\t123`,
      (t: string) => `${t.trim()}\n123`,
      (t: string) => `${t.trim()} 1234`,
      (t: string) => `${t.trim()}_12`,
    ),
  )
  .map(([number, breakIt]) => ({ ...number, text: breakIt(number.text) }));

/** Anything made of the characters numbers are written with. */
const numberishText = fc.string({
  unit: fc.constantFrom(
    ...'0123456789',
    '0',
    '1',
    '.',
    ',',
    "'",
    ' ',
    '-',
    '+',
    'e',
    '_',
    '\u00a0',
    '\t',
    '١',
    'x',
  ),
  maxLength: 14,
});

function outcome(
  expression: unknown,
  value: unknown,
): { value: unknown } | { code: string; message: string } {
  try {
    return { value: evaluate(expression, { V: value as never }) };
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === undefined) throw error;
    return { code, message };
  }
}

/** `decimal` on `text` gives the oracle's decimal, null, or `invalid_number` naming the text. */
function checkDecimal(text: string, options: Record<string, string>, format: Format) {
  const expected = expectedDecimal(text, format);
  const got = outcome({ decimal: 'V', ...options }, text);
  if (expected === 'reject') {
    expect(got).toEqual({ code: 'invalid_number', message: expect.stringContaining('not a number: ') });
    const shown = JSON.stringify(text);
    expect((got as { message: string }).message).toContain(shown.length > 60 ? shown.slice(0, 50) : shown);
  } else {
    expect(got).toEqual({ value: expected });
  }
  return expected;
}

describe('number text reads exactly as documented', () => {
  it(
    'reads every documented form (signs, leading zeros, groups of three, spaces, white space around)',
    () => {
      fc.assert(
        fc.property(writtenNumber, ({ text, options, format }) => {
          expect(checkDecimal(text, options, format)).not.toBe('reject');
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'rejects broken numbers with invalid_number naming the value',
    () => {
      fc.assert(
        fc.property(brokenNumber, ({ text, options, format }) => {
          expect(checkDecimal(text, options, format)).toBe('reject');
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'agrees with the documented grammar on any text of number characters, in every format',
    () => {
      fc.assert(
        fc.property(numberishText, fc.constantFrom(...FORMATS), (text, { options, format }) => {
          checkDecimal(text, options, format);
        }),
        fuzzOptions(RUNS * 3),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'integer takes whole values in the safe range only; number gives the nearest finite float; scale rounds half up',
    () => {
      fc.assert(
        fc.property(writtenNumber, fc.integer({ min: 0, max: 8 }), ({ text, options, format }, scale) => {
          const decimal = expectedDecimal(text, format);
          if (decimal === null || decimal === 'reject') return;
          const { value, scale: places } = readWritten(decimal);
          const whole = value.d === 1n && value.n <= 9007199254740991n && value.n >= -9007199254740991n;
          const integer = outcome({ integer: 'V', ...options }, text);
          if (whole) expect(integer).toEqual({ value: Number(value.n) });
          else
            expect(integer).toMatchObject({
              code: 'invalid_integer',
              message: expect.stringContaining('not a whole number'),
            });
          const float = Number.parseFloat(decimal);
          expect(outcome({ number: 'V', ...options }, text)).toEqual(
            Number.isFinite(float) ? { value: float } : expect.objectContaining({ code: 'invalid_number' }),
          );
          const rounded =
            places <= scale ? exactly(value, scale) : written(roundTo(value, scale, 'halfUp'), scale);
          expect(outcome({ decimal: 'V', scale, ...options }, text)).toEqual({ value: rounded });
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'reads a JS number as the decimal it prints as; integer only takes safe integers',
    () => {
      fc.assert(
        fc.property(jsNumber, (n) => {
          const { value, scale } = readNumber(n);
          expect(outcome({ decimal: 'V' }, n)).toEqual({ value: exactly(value, scale) });
          const integer = outcome({ integer: 'V' }, n);
          if (Number.isSafeInteger(n)) expect(integer).toEqual({ value: n === 0 ? 0 : n });
          else expect(integer).toMatchObject({ code: 'invalid_integer' });
          expect(outcome({ number: 'V' }, n)).toEqual({ value: n === 0 ? 0 : n });
        }),
        fuzzOptions(RUNS),
      );
      for (const n of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
        expect(outcome({ decimal: 'V' }, n)).toEqual({
          code: 'invalid_number',
          message: `not a finite number: ${n}`,
        });
    },
    fuzzTimeout(RUNS),
  );
});
