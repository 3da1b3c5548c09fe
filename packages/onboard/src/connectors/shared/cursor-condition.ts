import type { ColumnInfo } from '../connector.ts';
import type { ColumnSpec } from './column-spec.ts';
import { keysetCondition, type SqlFragment } from './keyset.ts';
import type { SqlDialect } from './sql-dialect.ts';

/**
 * Whether an incremental read's condition on `column` needs `OR column IS NULL`: when a row read
 * can hold null there. A column declared NOT NULL holds none, and the needless OR defeats an index
 * on the cursor (SQLite, given its table's statistics, scans the whole table for
 * `(col > ? OR col IS NULL)` on a NOT NULL column, where `col > ?` alone seeks the index). MySQL's
 * zero dates (`0000-00-00`, in a NOT NULL DATE or DATETIME) are read as null and match `IS NULL`
 * there, so those columns keep it.
 */
export function cursorMayBeNull(column: Pick<ColumnInfo, 'nullable'> | undefined, spec: ColumnSpec): boolean {
  return column?.nullable !== false || spec.zeroDates === true;
}

/**
 * The condition of an incremental read: past the watermark (bound as `bound`, parameters from
 * `firstParam`), or null when the column can hold null (see `cursorMayBeNull`): a null is past no
 * watermark, so every incremental read reads it. `textTimestamps`: SQLite's text-timestamp path,
 * where a timestamp kept as a number (SQLite orders every number before every text, so it is never
 * past the text bound) is read too (`< ''`) and kept by value.
 */
export function cursorCondition(
  dialect: SqlDialect,
  column: string,
  bound: unknown,
  firstParam: number,
  options: { readonly mayBeNull: boolean; readonly textTimestamps: boolean },
): SqlFragment {
  const quoted = dialect.quote(column);
  const past = options.textTimestamps
    ? { sql: `${quoted} > ${dialect.placeholder(firstParam)} OR ${quoted} < ''`, params: [bound] }
    : keysetCondition(dialect, [column], '>', [bound], firstParam);
  if (!options.mayBeNull)
    return options.textTimestamps ? { sql: `(${past.sql})`, params: past.params } : past;
  return { sql: `(${past.sql} OR ${quoted} IS NULL)`, params: past.params };
}
