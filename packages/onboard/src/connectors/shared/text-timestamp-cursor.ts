import type { Row, SourceValue } from '../value.ts';
import { toUtcTimestamp } from './timestamps.ts';

const DAY_MS = 86_400_000;

/**
 * An incremental read's cursor on a timestamp the database compares as text. SQLite keeps each
 * value in the spelling it was written in (`2026-03-01 10:00:00`, `2026-03-01T10:00:00Z`,
 * `2026-03-01 05:00:00-05:00`), and text order is not time order across spellings: compared with
 * the cursor's text, rows of the cursor's day in another spelling were read again and rows written
 * with an offset were missed. So SQL only bounds the read at the date a day before the cursor
 * (every spelling starts with its date, and no zone is a day away from UTC), and the rows read are
 * kept by their values, which the connector has made UTC.
 */
export interface TextTimestampCursor {
  /** The SQL bound (`column > bound`), or null when the cursor's date cannot give one. */
  readonly bound: string | null;
  /** Whether a row read is past the cursor, or has no value there (null, as incremental reads keep it). */
  readonly past: (row: Row) => boolean;
}

/** The cursor on `column` past `value` (a timestamp as the connector reads it); undefined when `value` is none. */
export function textTimestampCursor(column: string, value: SourceValue): TextTimestampCursor | undefined {
  const since = typeof value === 'string' ? toUtcTimestamp(value, 'UTC') : null;
  if (since === null) return undefined;
  return {
    bound: utcDateBefore(Date.parse(since), 1),
    // Both in one form, `YYYY-MM-DDTHH:MM:SS.ffffffZ`: text order is time order.
    past: (row) => {
      const at = row[column];
      return at === null || at === undefined || (typeof at === 'string' && at > since);
    },
  };
}

/**
 * The UTC date (`YYYY-MM-DD`) `days` days before the instant `ms`; null when `ms` is not a number
 * or that date has no four-digit year (SQL bounds compare it as text with the values' dates).
 */
export function utcDateBefore(ms: number, days: number): string | null {
  if (Number.isNaN(ms)) return null;
  const before = new Date(ms - days * DAY_MS).toISOString();
  return /^\d{4}-\d\d-\d\d/.test(before) ? before.slice(0, 10) : null;
}
