/** Exact decimal strings: parsing to a canonical form and comparing, without floats. */

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** A decimal split into sign, integer digits (no leading zeros) and fraction digits. */
export interface DecimalParts {
  readonly negative: boolean;
  readonly int: string;
  readonly frac: string;
}

export function splitDecimal(text: string): DecimalParts | undefined {
  const match = DECIMAL.exec(text);
  if (match === null) return undefined;
  const int = (match[2] ?? '0').replace(/^0+(?=\d)/, '');
  const frac = (match[3] ?? '').replace(/0+$/, '');
  const zero = /^0*$/.test(int) && frac === '';
  return { negative: match[1] === '-' && !zero, int, frac };
}

/** The exact value as a scaled bigint (value * 10^scale); `scale` must fit `frac`. */
export function scaled(parts: DecimalParts, scale: number): bigint {
  const digits = BigInt(parts.int + parts.frac.padEnd(scale, '0'));
  return parts.negative ? -digits : digits;
}

/** Compares two decimal strings exactly: -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const pa = splitDecimal(a);
  const pb = splitDecimal(b);
  if (pa === undefined || pb === undefined) throw new Error(`not a decimal: ${pa ? b : a}`);
  const scale = Math.max(pa.frac.length, pb.frac.length);
  const diff = scaled(pa, scale) - scaled(pb, scale);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

/** Formats with exactly `scale` fraction digits (the parts must fit). */
export function formatDecimal(parts: DecimalParts, scale: number): string {
  const frac = parts.frac.padEnd(scale, '0');
  return `${parts.negative ? '-' : ''}${parts.int}${scale > 0 ? `.${frac}` : ''}`;
}
