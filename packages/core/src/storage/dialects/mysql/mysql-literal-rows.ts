import { escape as escapeValue, format } from 'mysql2';

type SqlValue = Parameters<typeof escapeValue>[0];

/**
 * The `(v, ...), (v, ...)` list of a multi-row `INSERT` with its values written in, each escaped as
 * mysql2 escapes a `?` parameter under the tenant pools' settings (objects not stringified, UTC):
 * the text `query(sql, values)` would send, without its pass over a template of thousands of
 * placeholders (see `SqlSyntax.literalRows`; `openMysql` sends a text without values as it is).
 */
export function mysqlLiteralRows(rows: readonly (readonly unknown[])[], width: number): string {
  let text = '';
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as readonly unknown[];
    text += r === 0 ? '(' : ', (';
    for (let c = 0; c < width; c++) {
      const value = row[c] ?? null;
      if (c > 0) text += ', ';
      if (typeof value === 'number' || typeof value === 'bigint') text += `${value}`;
      else if (value === null || typeof value !== 'object')
        text += escapeValue(value as SqlValue, false, 'Z');
      // Anything else as mysql2's own format writes a parameter (no such value is stored today).
      else text += format('?', [value as SqlValue], false, 'Z');
    }
    text += ')';
  }
  return text;
}
