import type { SourceValue } from '../connectors/value.ts';

const DIGITS = /^-?\d+$/;

/**
 * Orders two cursor values the way the source does for the value model's cursor types: numbers
 * numerically, 64-bit integers (digit strings) as integers, timestamps and dates (ISO-8601 UTC)
 * as text. Null sorts first.
 */
export function compareCursor(a: SourceValue, b: SourceValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') {
    if (DIGITS.test(a) && DIGITS.test(b)) {
      const x = BigInt(a);
      const y = BigInt(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** The larger of two cursor values (null counts as none). */
export function maxCursor(a: SourceValue | undefined, b: SourceValue | undefined): SourceValue {
  if (a === undefined || a === null) return b ?? null;
  if (b === undefined || b === null) return a;
  return compareCursor(a, b) >= 0 ? a : b;
}
