import type { ColumnSpec } from '../shared/column-spec.ts';
import type { InexactKeyValues } from '../shared/sql-driver.ts';

const SAFE = '-9007199254740991 AND 9007199254740991';
const HEX = '[0-9a-f]';
const UUID_SHAPE = [8, 4, 4, 4, 12].map((n) => HEX.repeat(n)).join('-');

/**
 * Which values of a SQLite key column do not bind back as stored (see
 * `SqlDriver.inexactKeyValues`): SQLite keeps any value in any column, and orders NULL < numbers <
 * text < blobs whatever the declared type, while a value read as another class binds back as that
 * class (an integer read as the text `"1"` in a column without affinity compares as text, after
 * every number). A value is exact when its storage class is the one its type reads back: integers
 * for `integer`/`bigint`/`boolean` (0, 1), text for `string` (any but blobs where the column's
 * numeric affinity turns bound text back into the number), blobs for `binary`, reals and safe
 * integers for `float`, numbers that print exactly at the declared scale for `decimal` (in a
 * column of numeric affinity), lower-case text for `uuid`, `YYYY-MM-DD` text for `date`.
 * Timestamps, times and JSON are read in another spelling than the one stored: never exact.
 */
export function sqliteInexactKeyValues(quoted: string, spec: ColumnSpec): InexactKeyValues | undefined {
  const sql = sqliteInexact(quoted, spec);
  return sql === undefined
    ? undefined
    : {
        sql,
        why:
          sql === '1'
            ? `is read as ${spec.type} in another spelling or class than SQLite stores it`
            : `holds a value of a storage class or spelling that its type (${spec.type}) reads as another`,
      };
}

function sqliteInexact(quoted: string, spec: ColumnSpec): string | undefined {
  // The rowid holds integers only: no scan of the table.
  if (spec.rowid === true) return undefined;
  const classOf = `typeof(${quoted})`;
  const numericAffinity =
    spec.affinity === 'INTEGER' || spec.affinity === 'NUMERIC' || spec.affinity === 'REAL';
  switch (spec.type) {
    case 'integer':
    case 'bigint':
      return `${classOf} <> 'integer'`;
    case 'boolean':
      return `${classOf} <> 'integer' OR ${quoted} NOT IN (0, 1)`;
    case 'string':
      return numericAffinity ? `${classOf} = 'blob'` : `${classOf} <> 'text'`;
    case 'binary':
      return `${classOf} <> 'blob'`;
    case 'float':
      return `${classOf} <> 'real' AND NOT (${classOf} = 'integer' AND ${quoted} BETWEEN ${SAFE})`;
    case 'decimal': {
      if (!numericAffinity) return '1';
      // Printed with the scale's places (`fixedDecimal`), bound as text the affinity reads back:
      // reals with no more places, integers that text keeps exact. Without a scale, as JavaScript
      // prints a number: exactly, but for tiny reals (written with 20 places).
      const exact = spec.scale
        ? `(${classOf} = 'integer' AND ${quoted} BETWEEN ${SAFE}) OR (${classOf} = 'real' AND ${quoted} = round(${quoted}, ${spec.scale}))`
        : `${classOf} = 'integer' OR (${classOf} = 'real' AND (${quoted} = 0 OR abs(${quoted}) >= 0.000001))`;
      return `NOT (${exact})`;
    }
    case 'uuid':
      return `${classOf} <> 'text' OR NOT (${quoted} COLLATE BINARY GLOB '${UUID_SHAPE}')`;
    case 'date':
      return `${classOf} <> 'text' OR date(${quoted}) IS NOT ${quoted} COLLATE BINARY`;
    default:
      return '1';
  }
}
