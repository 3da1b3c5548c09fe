import { describe, expect, it } from 'vitest';
import { compileOne, evaluate } from './expression-harness.ts';

/** Counterexamples the text property found (seed -1941030697), kept as plain examples. */
describe('numbers as text', () => {
  it('are written in plain digits, as arithmetic reads them (was 1e+21)', () => {
    expect(evaluate('INV-{Id}', { Id: 1e21 })).toBe('INV-1000000000000000000000');
    expect(evaluate({ upper: 'V' }, { V: 1e-7 })).toBe('0.0000001');
    expect(evaluate({ lookup: 'V', values: { '1000000000000000000000': 'big' } }, { V: 1e21 })).toBe('big');
    expect(evaluate({ trim: 'V' }, { V: Number.NaN })).toBe('NaN');
  });
});

describe('split', () => {
  it('refuses an empty separator, which would cut astral characters in halves', () => {
    expect(compileOne({ split: 'V', separator: '' }).problems).toMatchObject([
      {
        code: 'bad_expression',
        path: ['expr', 'separator'],
        message: 'separator must be at least one character',
      },
    ]);
  });
});
