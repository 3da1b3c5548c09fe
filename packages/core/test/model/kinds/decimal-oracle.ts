/**
 * An exact decimal written independently of core's `decimal-text.ts`: a BigInt count of units of
 * 10^-exponent. Used by the kind properties as their expected values.
 */
export interface ExactDecimal {
  readonly units: bigint;
  readonly exponent: number;
}

const SPELLING = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** `[+-]digits[.digits]` as an exact value, or undefined for any other text. */
export function exactOf(text: string): ExactDecimal | undefined {
  const m = SPELLING.exec(text);
  if (m === null) return undefined;
  const [, sign = '', int = '', frac = ''] = m;
  const units = BigInt(`${int}${frac}`);
  return { units: sign === '-' ? -units : units, exponent: frac.length };
}

/** `value` in units of 10^-scale (a finer value is divided: callers drop only trailing zeros). */
export function unitsAt(value: ExactDecimal, scale: number): bigint {
  if (scale >= value.exponent) return value.units * 10n ** BigInt(scale - value.exponent);
  return value.units / 10n ** BigInt(value.exponent - scale);
}

export function compareExact(a: ExactDecimal, b: ExactDecimal): number {
  const scale = Math.max(a.exponent, b.exponent);
  const x = unitsAt(a, scale);
  const y = unitsAt(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Digits after the point that are not trailing zeros. */
export function significantScale(value: ExactDecimal): number {
  let { units, exponent } = value;
  while (exponent > 0 && units % 10n === 0n) {
    units /= 10n;
    exponent -= 1;
  }
  return exponent;
}

/** Digits of the integer part without leading zeros (0 for a value below 1). */
export function integerDigits(value: ExactDecimal): number {
  const magnitude = value.units < 0n ? -value.units : value.units;
  const whole = magnitude / 10n ** BigInt(value.exponent);
  return whole === 0n ? 0 : whole.toString().length;
}

/** `value` with exactly `scale` digits after the point and no sign on zero (it must fit). */
export function formatAt(value: ExactDecimal, scale: number): string {
  const units = unitsAt(value, scale);
  const magnitude = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  const int = magnitude.slice(0, magnitude.length - scale);
  const frac = magnitude.slice(magnitude.length - scale);
  return `${units < 0n ? '-' : ''}${int}${scale > 0 ? `.${frac}` : ''}`;
}
