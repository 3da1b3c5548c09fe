import { describe, expect, it } from 'vitest';
import { asDecimal } from '../../src/connectors/shared/converters.ts';
import { fixedDecimal } from '../../src/connectors/shared/fixed-decimal.ts';
import { SeededRandom } from '../chaos/seeded-random.ts';

/** Values and scales where `fixedDecimal` differs from `toFixed`, as `value:scale` texts. */
function mismatches(values: Iterable<[number, number]>): string[] {
  const found: string[] = [];
  for (const [value, scale] of values)
    if (fixedDecimal(value, scale) !== value.toFixed(scale)) found.push(`${value}:${scale}`);
  return found;
}

describe('fixedDecimal', () => {
  it('prints what toFixed prints for ties, halves that are not ties, signs and zeros', () => {
    const edges = [
      0,
      -0,
      0.5,
      -0.5,
      1.005,
      1.015,
      2.675,
      0.125,
      0.375,
      -0.125,
      1e-7,
      -1e-7,
      0.001,
      -0.001,
      0.004999,
      -0.005,
      0.005,
      999_999.995,
      123_456.785,
      8.345,
      1e9,
      1e10,
      // The largest double below 1e21, past which toFixed prints an exponent (see below).
      1e21 - 2 ** 17,
      4.35,
      -4.35,
      Number.MIN_VALUE,
      -Number.MIN_VALUE,
      Number.MAX_SAFE_INTEGER,
      0.1 + 0.2,
    ];
    expect(
      mismatches(
        edges.flatMap((value) => [0, 1, 2, 3, 4, 6, 7, 10].map((s): [number, number] => [value, s])),
      ),
    ).toEqual([]);
    expect(fixedDecimal(-0.001, 2)).toBe('-0.00');
    expect(fixedDecimal(12.3, 2)).toBe('12.30');
    expect(fixedDecimal(0.07, 3)).toBe('0.070');
  });

  it('prints what toFixed prints for 300,000 values of every magnitude, near ties included', () => {
    const rng = new SeededRandom(13);
    const next = () => rng.next();
    function* values(): Generator<[number, number]> {
      for (let i = 0; i < 300_000; i++) {
        const scale = i % 7;
        const power = 10 ** scale;
        let value = (next() - 0.5) * 2 * 10 ** (next() * 12 - 4);
        // A third rounded to the scale (money as stored), a fifth one digit past it on a 5 (a tie in decimal).
        if (i % 3 === 0) value = Math.round(value * power) / power;
        if (i % 5 === 0) value = (Math.round(value * power * 10) + 0.5 * Math.sign(value)) / (power * 10);
        yield [value, scale];
      }
    }
    expect(mismatches(values())).toEqual([]);
  });

  it('prints a double of 1e21 or more with all its digits, where toFixed prints an exponent', () => {
    // SQLite keeps a DECIMAL(65,30) of 35 nines as this REAL; it read as `1e+35`.
    expect(fixedDecimal(1e35, 2)).toBe('99999999999999996863366107917975552.00');
    expect(fixedDecimal(-1e21, 0)).toBe('-1000000000000000000000');
    expect(fixedDecimal(1.7976931348623157e308, 1)).toMatch(/^17976931348623157\d{292}\.0$/);
    // A decimal column without a scale (SQLite NUMERIC holding a REAL) likewise.
    const read = asDecimal({ stream: 's', column: 'c', timeZone: 'UTC', warn: () => {} });
    expect(read(1e35)).toBe('99999999999999996863366107917975552');
    expect(read(-1e21)).toBe('-1000000000000000000000');
    expect(read(1e-7)).toBe('0.0000001');
  });
});
