import { ValueError } from '../value-error.ts';
import { canonicalDecimal } from './parse-number.ts';

/**
 * Exact decimal arithmetic on the canonical decimal strings the mapping uses (`"1234.50"`), as
 * scaled BigInts: no float ever rounds a money amount. Hand-written rather than a decimal library
 * because the four operations and rounding over BigInt are a few lines and the values are already
 * canonical strings (parse-number.ts).
 */
export interface Decimal {
  /** The digits without the point: 12.50 is 1250n at scale 2. */
  readonly units: bigint;
  readonly scale: number;
}

/** How `round` and `divide` drop digits. */
export const ROUNDING_MODES = ['halfUp', 'halfEven', 'floor', 'ceiling', 'down'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** The largest scale a result may have (longer fractions are a mapping mistake, not data). */
export const MAX_SCALE = 30;

/** Reads a canonical decimal string (`-12.50`). */
export function toDecimal(text: string): Decimal {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace(/^[+-]/, '').split('.');
  const units = BigInt(`${whole}${fraction}` || '0');
  return { units: negative ? -units : units, scale: fraction.length };
}

/** The canonical string of a decimal, with exactly its scale's fractional digits. */
export function fromDecimal({ units, scale }: Decimal): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return canonicalDecimal(negative ? `-${body}` : body);
}

const TEN = 10n;

function rescale(value: Decimal, scale: number): bigint {
  return value.units * TEN ** BigInt(scale - value.scale);
}

export function addDecimals(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function negateDecimal(a: Decimal): Decimal {
  return { units: -a.units, scale: a.scale };
}

/** The exact product (its scale is the sum of theirs; `limitScale` caps a final result). */
export function multiplyDecimals(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** A result with more than MAX_SCALE places rounded half up to MAX_SCALE; others unchanged. */
export function limitScale(value: Decimal): Decimal {
  return value.scale > MAX_SCALE ? roundDecimalTo(value, MAX_SCALE, 'halfUp') : value;
}

/** `a / b` rounded to `scale` digits; dividing by zero is the row's `invalid_number`. */
export function divideDecimals(a: Decimal, b: Decimal, scale: number, mode: RoundingMode): Decimal {
  if (b.units === 0n) {
    const dividend = fromDecimal(a);
    const shown = dividend.length > 60 ? `${dividend.slice(0, 57)}...` : dividend;
    throw new ValueError('invalid_number', `division by zero: ${shown} / 0`);
  }
  // a/b = (a.units / 10^a.scale) / (b.units / 10^b.scale); keep one guard digit more than asked.
  const guard = scale + 1;
  const numerator = a.units * TEN ** BigInt(guard + b.scale);
  const denominator = b.units * TEN ** BigInt(a.scale);
  const quotient = numerator / denominator;
  const exact = quotient * denominator === numerator;
  const negative = a.units !== 0n && a.units < 0n !== b.units < 0n;
  return roundUnits(quotient, guard, scale, mode, exact, negative);
}

/** Rounds to `scale` fractional digits (pads when it has fewer). */
export function roundDecimalTo(value: Decimal, scale: number, mode: RoundingMode): Decimal {
  if (value.scale <= scale) return { units: rescale(value, scale), scale };
  return roundUnits(value.units, value.scale, scale, mode, true);
}

/**
 * Drops digits of `units` (at `from` scale) down to `to` scale. `exact` false: the value was
 * truncated before (a division), so a dropped part of exactly one half is really above a half.
 */
function roundUnits(
  units: bigint,
  from: number,
  to: number,
  mode: RoundingMode,
  exact: boolean,
  negative = units < 0n,
): Decimal {
  const divisor = TEN ** BigInt(from - to);
  const kept = units / divisor; // truncates toward zero
  const dropped = units - kept * divisor;
  if (dropped === 0n && exact) return { units: kept, scale: to };
  const sign = negative ? -1n : 1n;
  const twice = (dropped < 0n ? -dropped : dropped) * 2n;
  const half = twice === divisor ? (exact ? 0 : 1) : twice > divisor ? 1 : -1;
  const away = (() => {
    switch (mode) {
      case 'down':
        return false;
      case 'floor':
        return sign < 0n;
      case 'ceiling':
        return sign > 0n;
      case 'halfUp':
        return half >= 0;
      case 'halfEven':
        return half > 0 || (half === 0 && kept % 2n !== 0n);
    }
  })();
  return { units: away ? kept + sign : kept, scale: to };
}
