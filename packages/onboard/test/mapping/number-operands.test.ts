import { describe, expect, it } from 'vitest';
import { compileOne, evaluate, failure } from './expression-harness.ts';

/** Counterexamples the arithmetic and number-reading properties found, kept as plain examples. */
describe('a JS number operand is the decimal it prints as, with every digit', () => {
  it('reads numbers of 1e21 and more without an exponent (was a SyntaxError from BigInt)', () => {
    expect(evaluate({ add: ['A', 1] }, { A: 1e21 })).toBe('1000000000000000000001');
    expect(evaluate({ add: ['A', 9] }, { A: Number.MAX_VALUE })).toBe(`17976931348623157${'0'.repeat(291)}9`);
    expect(evaluate({ decimal: 'A' }, { A: -1.5e300 })).toBe(`-15${'0'.repeat(299)}`);
  });
  it('reads numbers below 1e-6 with all their digits (was rounded to 20 places, 5e-324 to 0)', () => {
    expect(evaluate({ add: ['A', 0] }, { A: 1e-21 })).toBe('0.000000000000000000001');
    expect(evaluate({ add: ['A', 0] }, { A: 1.2345678912345e-10 })).toBe('0.00000000012345678912345');
    expect(evaluate({ round: 'A', mode: 'ceiling' }, { A: 2.2250738585072014e-308 })).toBe('1');
    expect(evaluate({ multiply: ['A', 0] }, { A: 5e-324 })).toBe(`0.${'0'.repeat(30)}`);
    expect(evaluate({ decimal: 'A' }, { A: -5e-324 })).toBe(`-0.${'0'.repeat(323)}5`);
  });
});

describe('multiply rounds past 30 places once, at the end', () => {
  it('does not round an intermediate product (was 5.030999999999999999999999999996)', () => {
    const row = { A: '0.9999999999999999999999999999991', B: '9', C: '0.559' };
    expect(evaluate({ multiply: ['A', 'B', 'C'] }, row)).toBe('5.030999999999999999999999999995');
    expect(evaluate({ multiply: ['A', 'B'] }, row)).toBe('8.999999999999999999999999999992');
  });
});

describe('integer, number and decimal refuse what they cannot hold', () => {
  it('integer refuses a fraction that Number would round away (seed -2046834100)', () => {
    expect(failure({ integer: 'V' }, { V: '1000.00000000000000001' })).toBe(
      'invalid_integer: not a whole number: "1000.00000000000000001"',
    );
    expect(failure({ integer: 'V' }, { V: '9007199254740990.9999999' })).toMatch(/^invalid_integer/);
    expect(evaluate({ integer: 'V' }, { V: '12.000' })).toBe(12);
  });
  it('number refuses text past the largest float instead of giving Infinity', () => {
    const huge = `1${'0'.repeat(309)}`;
    expect(failure({ number: 'V' }, { V: huge })).toMatch(
      /^invalid_number: too large for a floating-point number: "1000/,
    );
    expect(evaluate({ number: 'V' }, { V: `1${'0'.repeat(308)}` })).toBe(1e308);
  });
  it('decimal takes a scale of 0-30, as round does', () => {
    expect(compileOne({ decimal: 'V', scale: 31 }).problems[0]?.message).toBe(
      'scale must be a whole number 0-30',
    );
    expect(evaluate({ decimal: 'V', scale: 30 }, { V: '1' })).toBe(`1.${'0'.repeat(30)}`);
  });
});
