import type { ColumnSpec } from '../shared/column-spec.ts';

const SAFE = '-9007199254740991 AND 9007199254740991';

/**
 * What a streamed read selects for one SQLite column. Reads run without `safeIntegers`, so integers
 * arrive as plain numbers (no BigInt per value); exactness is kept in SQL instead: in `bigint`,
 * `integer`, `decimal` and untyped/text columns an integer beyond 2^53 comes as its exact text (with
 * the declared decimal places), so no digit is ever lost. A `bigint` column's integers within 2^53
 * come as numbers and JavaScript prints them (`asBigint`): a SQLite text per value costs more.
 * Timestamps stay plain: building the ISO text in SQL (`substr`/`GLOB` to check the shape exactly
 * as the shared parser does) measured twice the time of parsing it in JavaScript.
 */
export function sqliteSelectColumn(quoted: string, spec: ColumnSpec): string {
  const isInteger = `typeof(${quoted}) = 'integer'`;
  switch (spec.type) {
    case 'bigint':
    case 'integer':
    case 'decimal':
    case 'string': {
      const places = spec.type === 'decimal' && spec.scale ? ` || '.${'0'.repeat(spec.scale)}'` : '';
      return `CASE WHEN ${isInteger} AND ${quoted} NOT BETWEEN ${SAFE} THEN CAST(${quoted} AS TEXT)${places} ELSE ${quoted} END`;
    }
    default:
      return quoted;
  }
}

/**
 * Whether a key column, as selected above, can be bound back as a keyset bound: integer-typed columns
 * of INTEGER or NUMERIC affinity compare a bound number, or an integer's exact text, as the stored
 * integer (SQLite applies the column's numeric affinity to the bound value), and any other stored
 * value (text, real, blob) comes back unchanged. Text, untyped (BLOB affinity) and other columns are
 * not: an integer stored in an untyped column beyond 2^53 is selected as text, which SQLite would
 * compare as text.
 */
export function sqliteChunkable(spec: ColumnSpec): boolean {
  return (
    (spec.type === 'integer' || spec.type === 'bigint') &&
    (spec.affinity === 'INTEGER' || spec.affinity === 'NUMERIC')
  );
}
