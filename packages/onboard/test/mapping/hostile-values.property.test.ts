// biome-ignore-all lint/suspicious/noThenProperty: `then` is a key of the mapping format's `when` branches
import { RECORD_ERROR_CODES } from '@madeup/contract';
import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ONBOARD_REJECTION_CODES } from '../../src/mapping/rejection-codes.ts';
import { ValueError } from '../../src/mapping/value-error.ts';
import { compileOne } from './expression-harness.ts';

/**
 * Any expression over columns holding hostile values (null, undefined, NaN, Infinity, bigint,
 * Date, objects, arrays, 100,000-character texts, lone surrogates) either gives a value or fails
 * the row with a `ValueError` of a known code and a short message: never a TypeError, a
 * SyntaxError or a RangeError, which would be a crash instead of a rejected row.
 */

const RUNS = 300;
const CODES = new Set<string>([...Object.keys(ONBOARD_REJECTION_CODES), ...Object.keys(RECORD_ERROR_CODES)]);

const HOSTILE: unknown[] = [
  null,
  undefined,
  '',
  '  ',
  'abc',
  '1.234,50',
  '-0',
  '12.50',
  '0',
  '9'.repeat(400),
  `0.${'0'.repeat(5000)}1`,
  '7'.repeat(100_000),
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  1e21,
  5e-324,
  Number.MAX_VALUE,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  false,
  {},
  { a: [1, { b: null }] },
  [],
  [1, 'a', null],
  10n,
  -(2n ** 70n),
  new Date(0),
  new Date(Number.NaN),
  Object.create(null),
  '😀\u0301',
  '\ud800',
  '2024-02-30',
  '2024-01-31T12:00:00Z',
  '{A}',
];

const NAMES = ['A', 'B', 'C'];

const leaf = fc.oneof(
  fc.constantFrom(...NAMES),
  fc.constantFrom(0, 2, -1.5, 1e21),
  fc.constantFrom('0', '3', 'x', '').map((text) => ({ const: text })),
);

const expression = fc.letrec<{ node: unknown }>((tie) => {
  const sub = fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('node'));
  const scale = fc.integer({ min: 0, max: 30 });
  const mode = fc.constantFrom('halfUp', 'halfEven', 'floor', 'ceiling', 'down');
  return {
    node: fc.oneof(
      fc
        .tuple(fc.constantFrom('add', 'subtract', 'multiply'), sub, sub)
        .map(([op, a, b]) => ({ [op]: [a, b] })),
      fc.record({ divide: fc.tuple(sub, sub), scale, mode }),
      fc.record({ round: sub, scale, mode }),
      fc.record({ decimal: sub, scale }),
      fc
        .tuple(fc.constantFrom('integer', 'number', 'boolean', 'date', 'timestamp'), sub)
        .map(([op, a]) => ({ [op]: a })),
      fc.tuple(fc.constantFrom('trim', 'upper', 'lower', 'titleCase'), sub).map(([op, a]) => ({ [op]: a })),
      fc.record({ split: sub, index: fc.integer({ min: -2, max: 2 }) }),
      fc.record({ join: fc.tuple(sub, sub) }),
      fc.record({
        replace: sub,
        pattern: fc.constantFrom('[0-9]', '', '\\s+'),
        with: fc.constantFrom('', 'x'),
      }),
      fc.constantFrom({ template: '{A}-{B}' }, { template: '{C}' }, { keep: ['A', 'B'] }),
      fc.record({ coalesce: fc.tuple(sub, sub) }),
      fc.record({ nullIf: sub, values: fc.constant(['', 'x']) }),
      fc.record({ object: fc.record({ a: sub }) }),
      fc.record({ lookup: sub, values: fc.constant({ a: 1, '0': 'zero' }), default: sub }),
      fc
        .tuple(fc.constantFrom('eq', 'lt', 'in', 'matches', 'isBlank'), sub, sub, sub)
        .map(([op, a, b, c]) => ({
          when: [
            {
              if:
                op === 'isBlank'
                  ? { isBlank: a }
                  : { [op]: [a, op === 'in' ? [1, 'x'] : op === 'matches' ? '^\\d' : 3] },
              then: b,
            },
          ],
          else: c,
        })),
      fc.record({ addDays: fc.constantFrom(...NAMES), days: sub }),
      fc.record({ daysBetween: fc.tuple(fc.constantFrom(...NAMES), sub) }),
    ),
  };
}).node;

const row = fc
  .tuple(...NAMES.map(() => fc.constantFrom(...HOSTILE)))
  .map((values) => Object.fromEntries(values.map((value, i) => [NAMES[i]!, value])));

describe('expressions on hostile values', () => {
  it(
    'give a value or fail the row with a ValueError of a known code and a short message',
    () => {
      let compiled = 0;
      let cases = 0;
      fc.assert(
        fc.property(expression, row, (raw, values) => {
          cases++;
          const { evaluate, problems, type } = compileOne(raw);
          // operands whose type can never work (an object added) are the check's business, not this property's
          if (problems.length > 0) return;
          compiled++;
          let result: unknown;
          try {
            result = evaluate(values as never);
          } catch (error) {
            expect(error).toBeInstanceOf(ValueError);
            const { code, message } = error as ValueError;
            expect(CODES.has(code)).toBe(true);
            expect(message.length).toBeGreaterThan(0);
            expect(message.length).toBeLessThan(300);
            return;
          }
          if (type === 'decimal' && result !== null) expect(result).toMatch(/^-?\d+(\.\d+)?$/);
          if (type === 'float' && result !== null) expect(Number.isFinite(result)).toBe(true);
        }),
        fuzzOptions(RUNS),
      );
      expect(compiled).toBeGreaterThan(cases / 3);
    },
    fuzzTimeout(RUNS),
  );
});
