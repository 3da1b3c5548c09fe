import fc from 'fast-check';
import type { Mode } from './rational-oracle.ts';

/** fast-check generators of decimal operands for the arithmetic and number-reading properties. */

export const MODES: readonly Mode[] = ['halfUp', 'halfEven', 'floor', 'ceiling', 'down'];

const DIGIT = fc.constantFrom(...'0123456789');

/** A run of digits whose length is mostly short, now and then very long. */
export const digitRun = (min: number, max: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: DIGIT, minLength: min, maxLength: Math.min(max, 4) }) },
    { weight: 1, arbitrary: fc.string({ unit: DIGIT, minLength: min, maxLength: max }) },
  );

/** Digits made mostly of 9s or 0s, where carries and ties hide. */
const edgyRun = (max: number) =>
  fc
    .tuple(
      fc.constantFrom('9', '0', '5', '4'),
      fc.integer({ min: 1, max }),
      fc.constantFrom('', '1', '5', '9'),
    )
    .map(([digit, count, last]) => `${digit.repeat(count)}${last}`);

/**
 * Decimal text in the plain form arithmetic reads: optional sign, digits with leading zeros now
 * and then, an optional fraction (`-0012.500`, `+.5`, `-0.000`, 40-digit wholes, 40-digit fractions).
 */
export const plainDecimalText: fc.Arbitrary<string> = fc
  .record({
    sign: fc.constantFrom('', '', '-', '+'),
    zeros: fc.constantFrom('', '', '', '0', '000'),
    whole: fc.oneof(digitRun(1, 40), edgyRun(30), fc.constant('0')),
    fraction: fc.option(fc.oneof(digitRun(1, 40), edgyRun(35)), { nil: undefined }),
    bare: fc.boolean(),
  })
  .map(({ sign, zeros, whole, fraction, bare }) => {
    const integer = bare && fraction !== undefined ? '' : `${zeros}${whole}`;
    return `${sign}${integer}${fraction === undefined ? '' : `.${fraction}`}`;
  });

/** JS numbers an operand may be: floats, huge, tiny and subnormal ones, -0, the safe-integer edges. */
export const jsNumber: fc.Arbitrary<number> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(
    0,
    -0,
    0.1,
    0.1 + 0.2,
    1e21,
    -1e21,
    1.5e300,
    1e-7,
    1.2345678912345e-10,
    1e-21,
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    Number.MAX_VALUE,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    -Number.MAX_SAFE_INTEGER,
  ),
);

/** An arithmetic operand: plain decimal text mostly, a JS number sometimes. */
export const operandValue: fc.Arbitrary<string | number> = fc.oneof(
  { weight: 3, arbitrary: plainDecimalText },
  { weight: 1, arbitrary: jsNumber },
);
