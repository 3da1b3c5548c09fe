import type { SourceValue } from '../connectors/value.ts';

/** A decimal as the value model writes one (`bigint` digits, `decimal` exact text): `-12.50`, `7`. */
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Orders two cursor values the way the source does for the value model's cursor types: numbers
 * numerically, 64-bit integers and decimals (digit strings, with or without a fraction: `bigint`,
 * `decimal`) by their exact values, timestamps and dates (ISO-8601 UTC) as text. Null sorts first.
 */
export function compareCursor(a: SourceValue, b: SourceValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') {
    const x = DECIMAL.exec(a);
    const y = x === null ? null : DECIMAL.exec(b);
    if (x !== null && y !== null) return compareDecimals(x, y);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/**
 * Two decimals by value: their fractions padded to one length, both read as scaled BigInts. As
 * text, `10.000` sorted before `9.500` and `-0.900` after `-0.500`.
 */
function compareDecimals(x: RegExpExecArray, y: RegExpExecArray): number {
  const places = Math.max((x[3] ?? '').length, (y[3] ?? '').length);
  const scaled = (m: RegExpExecArray) => BigInt(`${m[1]}${m[2]}${(m[3] ?? '').padEnd(places, '0')}`);
  const p = scaled(x);
  const q = scaled(y);
  return p < q ? -1 : p > q ? 1 : 0;
}

/** The larger of two cursor values (null counts as none). */
export function maxCursor(a: SourceValue | undefined, b: SourceValue | undefined): SourceValue {
  if (a === undefined || a === null) return b ?? null;
  if (b === undefined || b === null) return a;
  return compareCursor(a, b) >= 0 ? a : b;
}
