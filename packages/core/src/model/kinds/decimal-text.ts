/** Exact decimal strings: parsing to a canonical form and comparing, without floats. */

/** A decimal split into sign, integer digits (no leading zeros) and fraction digits. */
export interface DecimalParts {
  readonly negative: boolean;
  readonly int: string;
  readonly frac: string;
}

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/**
 * Splits `[+-]digits[.digits]` (ASCII digits only; nothing else, no exponent, no blanks) into its
 * parts: leading zeros of the integer part and trailing zeros of the fraction dropped, and no sign
 * on zero. Undefined for any other text. A character scan: this runs for every decimal imported.
 */
export function splitDecimal(text: string): DecimalParts | undefined {
  const end = text.length;
  let i = 0;
  const sign = text.charCodeAt(0);
  if (sign === 0x2b || sign === 0x2d) i = 1;
  const intStart = i;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  const intEnd = i;
  if (intEnd === intStart) return undefined;
  let fracEnd = intEnd;
  if (i < end) {
    if (text.charCodeAt(i) !== 0x2e) return undefined;
    i++;
    const fracStart = i;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
    if (i !== end || i === fracStart) return undefined;
    fracEnd = end;
  }
  let firstSignificant = intStart;
  while (firstSignificant < intEnd - 1 && text.charCodeAt(firstSignificant) === 0x30) firstSignificant++;
  const int = text.slice(firstSignificant, intEnd);
  let lastSignificant = fracEnd;
  while (lastSignificant > intEnd + 1 && text.charCodeAt(lastSignificant - 1) === 0x30) lastSignificant--;
  const frac = fracEnd === intEnd ? '' : text.slice(intEnd + 1, lastSignificant);
  const zero = int === '0' && frac === '';
  return { negative: sign === 0x2d && !zero, int, frac };
}

/** Compares the magnitudes of two split decimals: -1, 0 or 1. */
function compareMagnitude(a: DecimalParts, b: DecimalParts): number {
  // No leading zeros: a longer integer part is larger; equal lengths compare digit by digit.
  if (a.int.length !== b.int.length) return a.int.length < b.int.length ? -1 : 1;
  if (a.int !== b.int) return a.int < b.int ? -1 : 1;
  // No trailing zeros: the fractions compare as text, a prefix being the smaller.
  if (a.frac === b.frac) return 0;
  return a.frac < b.frac ? -1 : 1;
}

/** Compares two split decimals exactly: -1, 0 or 1. */
export function compareParts(a: DecimalParts, b: DecimalParts): number {
  if (a.negative !== b.negative) return a.negative ? -1 : 1;
  const magnitude = compareMagnitude(a, b);
  return a.negative ? -magnitude : magnitude;
}

/** Formats with exactly `scale` fraction digits (the parts must fit). */
export function formatDecimal(parts: DecimalParts, scale: number): string {
  const frac = parts.frac.padEnd(scale, '0');
  return `${parts.negative ? '-' : ''}${parts.int}${scale > 0 ? `.${frac}` : ''}`;
}
