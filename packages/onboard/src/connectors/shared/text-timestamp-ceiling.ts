import type { SqlFragment } from './keyset.ts';
import { utcDateBefore } from './text-timestamp-cursor.ts';
import { toUtcTimestamp } from './timestamps.ts';

/**
 * The cursor ceiling of a timestamp the database keeps as text (SQLite: `SqlDriver.textTimestamps`),
 * without reading every value into JavaScript. Text order is not time order across spellings
 * (`2026-03-01T09:00:00` sorts after `2026-03-01 10:00:00`; `2026-03-01 14:00:00+05:00` after
 * both), so the largest text is not the ceiling. But a value `toUtcTimestamp` reads in the shape
 * `YYYY-MM-DD...` is an instant after its date minus 24 hours and before its date plus 48 (the
 * time of day adds under 24 hours; an offset, or the source's zone for naive text, moves it by
 * under 24 either way). So a value dated more than three days below the largest text's date is
 * earlier than the largest text itself. One scan in SQL (`probe`) gives the largest text and
 * whether every text value has that shape; then only the values dated from three days below it,
 * and any value that is not text (numbers sort before text, blobs after), are read and compared by
 * value as before (`candidates`).
 *
 * Where a text value has another shape (a year of five digits or more, `+010000-...`, a ` BC`
 * year, anything `toUtcTimestamp` may read differently), or the largest text's date is not a
 * date, the caller reads every value as before (`candidates` gives null).
 */
export const textTimestampCeiling = {
  /** One aggregate over `from`: the largest text value and the number of text values of another shape. */
  probe(quoted: string, from: string): string {
    const isText = `typeof(${quoted}) = 'text'`;
    return (
      `SELECT max(CASE WHEN ${isText} THEN ${quoted} END),` +
      ` sum(CASE WHEN ${isText} AND (${quoted} NOT GLOB '${DATE_GLOB}*' OR ${quoted} GLOB '*BC') THEN 1 ELSE 0 END)` +
      ` FROM ${from}`
    );
  },

  /**
   * The condition selecting the values the ceiling may be among, given the probe's answer (its one
   * parameter written as `placeholder`); null
   * when the probe cannot narrow them (read every value): a text value of another shape, no text
   * value, a largest text that is no timestamp the read keeps, or whose date is less than three days
   * after year 0.
   */
  candidates(quoted: string, probe: readonly unknown[] | undefined, placeholder: string): SqlFragment | null {
    const [top, odd] = probe ?? [];
    // The largest text must be a timestamp the read keeps: one read as null (a warning) bounds nothing.
    if (Number(odd ?? 0) !== 0 || typeof top !== 'string' || toUtcTimestamp(top, 'UTC') === null) return null;
    const bound = daysBefore(top.slice(0, 10), 3);
    if (bound === null) return null;
    // Numbers (`< ''`) and blobs (above every text) are read too, as the full read reads them.
    return {
      sql: `${quoted} IS NOT NULL AND (${quoted} >= ${placeholder} OR ${quoted} < '')`,
      params: [bound],
    };
  },
};

const DATE_GLOB = '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]';

/** The date `days` before `date` (`YYYY-MM-DD`), in that form; null when either is no such date. */
function daysBefore(date: string, days: number): string | null {
  if (!/^\d{4}-\d\d-\d\d$/.test(date)) return null;
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return null;
  return utcDateBefore(ms, days);
}
