import type { ColumnSpec } from '../shared/column-spec.ts';

const SAFE = '-9007199254740991 AND 9007199254740991';

/**
 * What a streamed read selects for one SQLite column. Reads run without `safeIntegers`, so integers
 * arrive as plain numbers (no BigInt per value); exactness is kept in SQL instead: a `bigint` column's
 * integers come as their exact text, and in `integer`, `decimal` and untyped/text columns an integer
 * beyond 2^53 comes as text (with the declared decimal places), so no digit is ever lost.
 */
export function sqliteSelectColumn(quoted: string, spec: ColumnSpec): string {
  const isInteger = `typeof(${quoted}) = 'integer'`;
  switch (spec.type) {
    case 'bigint':
      return `CASE WHEN ${isInteger} THEN CAST(${quoted} AS TEXT) ELSE ${quoted} END`;
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
