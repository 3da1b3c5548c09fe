import type { ColumnSpec } from '../shared/column-spec.ts';
import { isoTimestampSql } from './iso-timestamp.ts';

const SAFE = '-9007199254740991 AND 9007199254740991';

/**
 * What a streamed read selects for one SQLite column. Reads run without `safeIntegers`, so integers
 * arrive as plain numbers (no BigInt per value); exactness is kept in SQL instead: in `bigint`,
 * `integer`, `decimal` and untyped/text columns an integer beyond 2^53 comes as its exact text (with
 * the declared decimal places), so no digit is ever lost, and one within 2^53 as a number (JavaScript
 * prints a `bigint` column's numbers: cheaper than a string from SQLite per value). A timestamp column
 * read in UTC (`utc`) comes as ISO text built in SQL where its text allows (`iso-timestamp.ts`).
 */
export function sqliteSelectColumn(quoted: string, spec: ColumnSpec, utc: boolean): string {
  const isInteger = `typeof(${quoted}) = 'integer'`;
  switch (spec.type) {
    case 'bigint':
    case 'integer':
    case 'decimal':
    case 'string': {
      const places = spec.type === 'decimal' && spec.scale ? ` || '.${'0'.repeat(spec.scale)}'` : '';
      return `CASE WHEN ${isInteger} AND ${quoted} NOT BETWEEN ${SAFE} THEN CAST(${quoted} AS TEXT)${places} ELSE ${quoted} END`;
    }
    case 'timestamp':
      return utc ? isoTimestampSql(quoted) : quoted;
    default:
      return quoted;
  }
}

/** Whether a timestamp column's naive text is read in UTC (a zoned column's always is). */
export function readsInUtc(spec: ColumnSpec, timeZone: string): boolean {
  return spec.zoned === true || timeZone === 'UTC';
}
