import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digitRun, MODES, operandValue, plainDecimalText } from './decimal-arbitraries.ts';
import { compileOne, evaluate } from './expression-harness.ts';
import {
  exactly,
  minus,
  over,
  plus,
  type Rational,
  readNumber,
  readWritten,
  roundTo,
  times,
  written,
} from './rational-oracle.ts';

/**
 * add, subtract, multiply, divide and round on arbitrary decimals (40-digit wholes and fractions,
 * signs, leading zeros, -0, JS floats, 1e21, subnormals) against exact fractions rounded by the
 * oracle (rational-oracle.ts). `MADEUP_FUZZ_RUNS` for a long run, `MADEUP_FUZZ_SEED` to replay.
 */

const RUNS = 300;
const MAX_SCALE = 30; // docs/mappings.md: the largest scale of a result
const NAMES = ['A', 'B', 'C', 'D'];

const read = (operand: string | number) =>
  typeof operand === 'number' ? readNumber(operand) : readWritten(operand);

/** The expression over columns A, B, … and the row holding the operands. */
function onColumns(operands: readonly (string | number | null)[]) {
  const names = operands.map((_, i) => NAMES[i]!);
  const row = Object.fromEntries(operands.map((operand, i) => [names[i]!, operand]));
  return { names, row };
}

/** A value exactly half way between two of `scale` places (`-12.345` at 2), where modes differ most. */
const exactHalf = fc
  .tuple(fc.constantFrom('', '-'), fc.oneof(digitRun(1, 30), fc.constantFrom('0', '1', '2')), digitRun(0, 12))
  .map(([sign, whole, fraction]) => [`${sign}${whole}.${fraction}5`, fraction.length] as const);

const text = (scale: number, value: Rational) =>
  scale > MAX_SCALE ? written(roundTo(value, MAX_SCALE, 'halfUp'), MAX_SCALE) : exactly(value, scale);

describe('arithmetic is exact on arbitrary decimals', () => {
  it(
    'add and subtract give the exact sum at the larger scale',
    () => {
      fc.assert(
        fc.property(fc.array(operandValue, { minLength: 2, maxLength: 4 }), (operands) => {
          const { names, row } = onColumns(operands);
          const parts = operands.map(read);
          const sum = parts.slice(1).reduce((total, part) => plus(total, part.value), parts[0]!.value);
          const scale = Math.max(...parts.map((part) => part.scale));
          expect(evaluate({ add: names }, row)).toBe(exactly(sum, scale));
          const difference = minus(parts[0]!.value, parts[1]!.value);
          const pairScale = Math.max(parts[0]!.scale, parts[1]!.scale);
          expect(evaluate({ subtract: names.slice(0, 2) }, row)).toBe(exactly(difference, pairScale));
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'multiply gives the exact product, rounded half up once to 30 places when it has more',
    () => {
      fc.assert(
        fc.property(fc.array(operandValue, { minLength: 2, maxLength: 4 }), (operands) => {
          const { names, row } = onColumns(operands);
          const parts = operands.map(read);
          const product = parts.slice(1).reduce((total, part) => times(total, part.value), parts[0]!.value);
          const scale = parts.reduce((total, part) => total + part.scale, 0);
          expect(evaluate({ multiply: names }, row)).toBe(text(scale, product));
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'divide rounds the exact quotient by every mode; dividing by zero fails the row',
    () => {
      fc.assert(
        fc.property(
          operandValue,
          fc.oneof(operandValue, fc.constantFrom('2', '-4', '8', '0.2', '16', 0)),
          fc.oneof(fc.integer({ min: 0, max: MAX_SCALE }), fc.integer({ min: 0, max: 3 })),
          fc.constantFrom(...MODES),
          (a, b, scale, mode) => {
            const expression = { divide: ['A', 'B'], scale, mode };
            const row = { A: a, B: b };
            const divisor = read(b).value;
            if (divisor.n === 0n) {
              expect(() => evaluate(expression, row)).toThrow(
                expect.objectContaining({
                  code: 'invalid_number',
                  message: expect.stringMatching(/^division by zero: .+ \/ 0$/),
                }),
              );
              return;
            }
            const quotient = over(read(a).value, divisor);
            expect(evaluate(expression, row)).toBe(written(roundTo(quotient, scale, mode), scale));
          },
        ),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'round pads or rounds to 0-30 places by every mode',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(fc.tuple(operandValue, fc.integer({ min: 0, max: MAX_SCALE })), exactHalf),
          fc.constantFrom(...MODES),
          ([a, scale], mode) => {
            const { value, scale: places } = read(a);
            const expected =
              places <= scale ? exactly(value, scale) : written(roundTo(value, scale, mode), scale);
            expect(evaluate({ round: 'A', scale, mode }, { A: a })).toBe(expected);
          },
        ),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'gives null for any null or blank operand, and refuses a scale past 30 before any row',
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(plainDecimalText, fc.constantFrom(null, '', '  ', '\u00a0')), {
            minLength: 2,
            maxLength: 4,
          }),
          fc.constantFrom('add', 'multiply'),
          (operands, operator) => {
            const { names, row } = onColumns(operands);
            const blank = operands.some((operand) => operand === null || operand.trim() === '');
            const result = evaluate({ [operator]: names }, row);
            if (blank) expect(result).toBeNull();
            else expect(result).toEqual(expect.any(String));
          },
        ),
        fuzzOptions(RUNS),
      );
      for (const scale of [MAX_SCALE + 1, -1, 1.5, '2'])
        expect(compileOne({ round: 'A', scale }).problems[0]?.message).toBe(
          'scale must be a whole number 0-30',
        );
    },
    fuzzTimeout(RUNS),
  );
});
