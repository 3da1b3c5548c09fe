import type { ColumnSpec } from '../shared/column-spec.ts';

/**
 * The select-list expression for one MySQL/MariaDB column. A FLOAT or DOUBLE is read as the text
 * the server writes for it (`CAST(... AS CHAR)`, the same digits as the text protocol) and turned
 * into a number by `Number`: mysql2 (3.24) builds a number of at most 17 characters digit by digit
 * in a double, which rounds once the digits pass 2^53 (`90831218.00733575` read as
 * `90831218.00733577`). Every other column is read as it is.
 */
export function mysqlSelectColumn(quoted: string, spec: ColumnSpec): string {
  return spec.type === 'float' ? `CAST(${quoted} AS CHAR)` : quoted;
}
