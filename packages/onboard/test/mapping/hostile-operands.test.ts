// biome-ignore-all lint/suspicious/noThenProperty: `then` is a key of the mapping format's `when` branches
import { describe, expect, it } from 'vitest';
import { evaluate, failure } from './expression-harness.ts';

/** Counterexamples the hostile-values property found, kept as plain examples. */
describe('conditions compare numbers exactly and never crash on odd values', () => {
  const pick = (condition: unknown, row: Record<string, unknown>) =>
    evaluate({ when: [{ if: condition, then: { const: 'yes' } }], else: { const: 'no' } }, row as never);

  it('compares big numbers and number text as exact decimals (9007199254740993 was equal to ...992)', () => {
    expect(pick({ eq: ['A', '9007199254740993'] }, { A: '9007199254740992' })).toBe('no');
    expect(pick({ gt: ['A', 9007199254740992] }, { A: '9007199254740993' })).toBe('yes');
    expect(pick({ eq: ['A', 12.5] }, { A: ' 12.50 ' })).toBe('yes');
    expect(pick({ in: ['A', ['0.10', 7]] }, { A: 0.1 })).toBe('yes');
  });
  it('reads only plain number text as a number (0x10 was 16, 1e3 was 1000)', () => {
    expect(pick({ eq: ['A', 16] }, { A: '0x10' })).toBe('no');
    expect(pick({ eq: ['A', '1000'] }, { A: '1e3' })).toBe('no');
    expect(pick({ lt: ['A', 5] }, { A: 'abc' })).toBe('no');
  });
  it('takes an object without a prototype (was a TypeError, seed -1914261558)', () => {
    const bare = Object.assign(Object.create(null), { a: 1 });
    expect(pick({ eq: ['A', 3] }, { A: bare })).toBe('no');
    expect(pick({ matches: ['A', 'a'] }, { A: bare })).toBe('no');
    expect(pick({ eq: ['A', { column: 'B' }] }, { A: bare, B: { a: 1 } })).toBe('yes');
  });
});

describe('row errors name odd values briefly', () => {
  it('shows a bigint instead of failing to serialise it (was a TypeError, seed 1706717603)', () => {
    expect(failure({ decimal: 'A' }, { A: 10n } as never)).toBe('invalid_number: not a number: 10n');
    expect(failure({ add: ['A', 1] }, { A: new Date(Number.NaN) } as never)).toBe(
      'invalid_number: not a number: Invalid Date',
    );
  });
  it('cuts a long dividend in a division by zero (was 400 digits long, seed -296952230)', () => {
    expect(failure({ divide: ['A', 0], scale: 0 }, { A: '9'.repeat(400) })).toBe(
      `invalid_number: division by zero: ${'9'.repeat(57)}... / 0`,
    );
  });
});

describe('boolean', () => {
  it('refuses objects and lists (a bare object threw a TypeError, seed 810315515; [1] read as true)', () => {
    expect(failure({ boolean: 'A' }, { A: Object.create(null) })).toBe(
      'invalid_boolean: not a yes/no value: {}',
    );
    expect(failure({ boolean: 'A' }, { A: [1] })).toBe('invalid_boolean: not a yes/no value: [1]');
    expect(failure({ boolean: 'A' }, { A: [] })).toBe('invalid_boolean: not a yes/no value: []');
    expect(evaluate({ boolean: 'A' }, { A: 1 })).toBe(true);
  });
});
