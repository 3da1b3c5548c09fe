import { toUtcTimestamp } from './shared/timestamps.ts';
import type { SourceValue } from './value.ts';

/** A decimal as the value model writes one (`bigint` digits, `decimal` exact text): `-12.50`, `7`. */
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** An ISO-8601 date or timestamp's year: four digits, or six with a sign (`+010000`, `-000044`). */
const ISO_YEAR = /^(\d{4}|[+-]\d{6})-\d\d-\d\d/;

/**
 * Orders two cursor values the way the source does for the value model's cursor types: numbers
 * numerically, 64-bit integers and decimals (digit strings, with or without a fraction: `bigint`,
 * `decimal`) by their exact values, timestamps and dates (ISO-8601 UTC) by year, then as text
 * (as text alone, `+010000-…` and `-000044-…` sorted before `2026-…`); timestamps written
 * differently (an offset, fractions of other lengths) by their instants. Null sorts first.
 */
export function compareCursor(a: SourceValue, b: SourceValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') {
    // The common cursor, a timestamp or date of years 0000-9999 on both sides: neither is a
    // decimal (a '-' at index 4), and four-digit years written alike order as their text, so the
    // text decides. Written otherwise (file sources keep their text as written: `…:00Z` after
    // `…:00.5Z` as text, `…T00:00+02:00` after `…T00:00Z`), both are read as instants first.
    if (fourDigitYear(a) && fourDigitYear(b)) {
      if (sameLayout(a, b)) return a < b ? -1 : a > b ? 1 : 0;
      const x = toUtcTimestamp(a, 'UTC');
      const y = x === null ? null : toUtcTimestamp(b, 'UTC');
      if (x !== null && y !== null) return compareCursor(x, y);
      return a < b ? -1 : a > b ? 1 : 0;
    }
    const x = DECIMAL.exec(a);
    const y = x === null ? null : DECIMAL.exec(b);
    if (x !== null && y !== null) return compareDecimals(x, y);
    const years = compareIsoYears(a, b);
    if (years !== 0) return years;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Whether `text` starts with four digits and a '-' (`2026-…`), without a regular expression's match array. */
function fourDigitYear(text: string): boolean {
  if (text.length < 5 || text.charCodeAt(4) !== 45) return false;
  for (let i = 0; i < 4; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Whether two texts of four-digit years are written alike, so that their text order is their time
 * order: as long, with one separator of date and time (`T` or a space), and without an offset other
 * than `Z` (every value a SQL source reads, `2026-03-01T10:00:00.000000Z`, and every date).
 */
function sameLayout(a: string, b: string): boolean {
  return (
    a.length === b.length &&
    (a.length <= 10 || a.charCodeAt(10) === b.charCodeAt(10)) &&
    !hasOffset(a) &&
    !hasOffset(b)
  );
}

/**
 * Whether a date or timestamp's text has a `+` or `-` past its date: an offset such as `+02:00`.
 * A text ending in `Z` has none: decided without a look at the rest (every value of a SQL source).
 */
function hasOffset(text: string): boolean {
  if (text.charCodeAt(text.length - 1) === 90) return false;
  for (let i = 10; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 43 || c === 45) return true;
  }
  return false;
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

/** Two ISO dates or timestamps by their years (0 when equal, or when either is not one). */
function compareIsoYears(a: string, b: string): number {
  const x = ISO_YEAR.exec(a)?.[1];
  const y = x === undefined ? undefined : ISO_YEAR.exec(b)?.[1];
  if (x === undefined || y === undefined || x === y) return 0;
  return Number(x) - Number(y);
}

/** The larger of two cursor values (null counts as none). */
export function maxCursor(a: SourceValue | undefined, b: SourceValue | undefined): SourceValue {
  if (a === undefined || a === null) return b ?? null;
  if (b === undefined || b === null) return a;
  return compareCursor(a, b) >= 0 ? a : b;
}

/** The smaller of two cursor values; null (none) is the smallest. */
export function minCursor(a: SourceValue, b: SourceValue): SourceValue {
  if (a === null || b === null) return null;
  return compareCursor(a, b) <= 0 ? a : b;
}
