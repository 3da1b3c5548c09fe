import { asTimestamp } from '../shared/converters.ts';
import type { Converter, ValueContext } from '../shared/value-context.ts';

/**
 * SQL that turns a SQLite timestamp column read in UTC into the value model's ISO text inside the
 * query, so the commonest shape costs no JavaScript parsing. It accepts exactly what the shared
 * parser's fast path (`plainUtc` in `shared/timestamps.ts`) accepts — `YYYY-MM-DD[ T]HH:MM:SS`,
 * optionally `.` and up to 9 fraction digits, month 01–12, day 01–31, hour tens 0–2, minute tens
 * 0–5 — and builds the same text (fraction cut or padded to 6 digits). Any other text comes as a
 * BLOB of its bytes, so the converter can tell it apart and parse it the shared way (a BLOB reads
 * as its UTF-8 text there, as before); numbers and real BLOBs come as they are.
 */
export function isoTimestampSql(quoted: string): string {
  const q = quoted;
  const bytes = `length(CAST(${q} AS BLOB))`;
  const shape = `${q} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][ T][0-2][0-9]:[0-5][0-9]:[0-9][0-9]*'`;
  const range = `substr(${q}, 6, 2) BETWEEN '01' AND '12' AND substr(${q}, 9, 2) BETWEEN '01' AND '31'`;
  // After the seconds: nothing, or '.' and only digits (bytes = characters: no NUL, all ASCII).
  const tail =
    `(${bytes} = 19 OR (${bytes} <= 29 AND substr(${q}, 20, 1) = '.' AND length(${q}) = ${bytes}` +
    ` AND NOT substr(${q}, 21) GLOB '*[^0-9]*'))`;
  const iso = `substr(${q}, 1, 10) || 'T' || substr(${q}, 12, 8) || '.' || substr(substr(${q}, 21) || '000000', 1, 6) || 'Z'`;
  return (
    `CASE WHEN typeof(${q}) <> 'text' THEN ${q} ` +
    `WHEN ${shape} AND ${range} AND ${tail} THEN ${iso} ELSE CAST(${q} AS BLOB) END`
  );
}

/** The converter for a column selected with `isoTimestampSql`: text is final, the rest is parsed. */
export function isoTimestampConverter(ctx: ValueContext): Converter {
  const parse = asTimestamp(ctx);
  return (v) => (typeof v === 'string' ? v : parse(v));
}
