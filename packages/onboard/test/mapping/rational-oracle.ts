/**
 * An exact rational model of decimal numbers for the arithmetic properties: written apart from
 * decimal-math.ts (fractions over BigInt, rounding by floor division), so a property comparing the
 * two fails when either is wrong.
 */
export interface Rational {
  /** Numerator; the sign lives here. */
  readonly n: bigint;
  /** Denominator, always positive. */
  readonly d: bigint;
}

export type Mode = 'halfUp' | 'halfEven' | 'floor' | 'ceiling' | 'down';

const abs = (x: bigint) => (x < 0n ? -x : x);

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [abs(a), abs(b)];
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

export function rational(n: bigint, d = 1n): Rational {
  if (d === 0n) throw new Error('oracle: zero denominator');
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d);
  return { n: (sign * n) / g, d: (sign * d) / g };
}

export const plus = (a: Rational, b: Rational) => rational(a.n * b.d + b.n * a.d, a.d * b.d);
export const minus = (a: Rational, b: Rational) => rational(a.n * b.d - b.n * a.d, a.d * b.d);
export const times = (a: Rational, b: Rational) => rational(a.n * b.n, a.d * b.d);
export const over = (a: Rational, b: Rational) => rational(a.n * b.d, a.d * b.n);

/** A written decimal (`-0012.500`, `+.5`, `7`) and its count of fraction digits. */
export function readWritten(text: string): { value: Rational; scale: number } {
  const match = /^([+-]?)(\d*)(?:\.(\d+))?$/.exec(text);
  if (!match || (match[2] === '' && match[3] === undefined)) throw new Error(`oracle: not plain ${text}`);
  const fraction = match[3] ?? '';
  const units = BigInt(`${match[2]}${fraction}` || '0');
  return {
    value: rational(match[1] === '-' ? -units : units, 10n ** BigInt(fraction.length)),
    scale: fraction.length,
  };
}

/**
 * A JS number's shortest decimal form (what `String` prints, `1e+21` and `5e-324` included) read
 * by digits and exponent: the decimal the docs promise for a number operand.
 */
export function readNumber(value: number): { value: Rational; scale: number } {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) throw new Error(`oracle: unexpected number text ${value}`);
  const fraction = match[3] ?? '';
  const exponent = Number(match[4] ?? '0') - fraction.length;
  const units = BigInt(`${match[2]}${fraction}`) * (match[1] === '-' ? -1n : 1n);
  if (exponent >= 0) return { value: rational(units * 10n ** BigInt(exponent)), scale: 0 };
  const scale = -exponent;
  // trailing zeros of the digits are not written once the exponent is applied (1.5e-7 has 8 places)
  return { value: rational(units, 10n ** BigInt(scale)), scale: units === 0n ? 0 : scale };
}

/** `value` rounded to `scale` fraction digits by `mode`, as an integer count of 10^-scale. */
export function roundTo(value: Rational, scale: number, mode: Mode): bigint {
  const n = value.n * 10n ** BigInt(scale);
  const d = value.d;
  let floor = n / d;
  if (n % d !== 0n && n < 0n) floor -= 1n;
  const rest = n - floor * d; // 0 <= rest < d
  if (rest === 0n) return floor;
  const twice = 2n * rest;
  switch (mode) {
    case 'floor':
      return floor;
    case 'ceiling':
      return floor + 1n;
    case 'down':
      return n < 0n ? floor + 1n : floor;
    case 'halfUp':
      if (twice === d) return n < 0n ? floor : floor + 1n;
      return twice > d ? floor + 1n : floor;
    case 'halfEven':
      if (twice === d) return floor % 2n === 0n ? floor : floor + 1n;
      return twice > d ? floor + 1n : floor;
  }
}

/** Units of 10^-scale as the canonical text: `-1250n, 3` is `-1.250`; zero has no sign. */
export function written(units: bigint, scale: number): string {
  const digits = abs(units)
    .toString()
    .padStart(scale + 1, '0');
  const body =
    scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return units < 0n ? `-${body}` : body;
}

/** The canonical text of `value` at `scale`, which must hold it exactly. */
export function exactly(value: Rational, scale: number): string {
  const units = value.n * 10n ** BigInt(scale);
  if (units % value.d !== 0n) throw new Error('oracle: value does not fit the scale');
  return written(units / value.d, scale);
}
