import type Database from 'better-sqlite3';
import type { StorageClass } from './normalise.ts';

/** Rows of a stream whose values' storage classes are looked at when it is discovered. */
export const STORAGE_SAMPLE_ROWS = 10_000;

const CLASSES = new Set<string>(['integer', 'real', 'text', 'blob']);

/**
 * The storage classes (`typeof()`) found in each column among the first `STORAGE_SAMPLE_ROWS` rows
 * of `from` (a quoted table or view, or a parenthesised custom query), in one query. Nulls are left
 * out: a column of nulls only has no class.
 */
export function sampleStorageClasses(
  db: Database.Database,
  from: string,
  quotedColumns: readonly string[],
): Set<StorageClass>[] {
  if (quotedColumns.length === 0) return [];
  const aliases = quotedColumns.map((_, i) => `c${i}`);
  const inner = quotedColumns.map((quoted, i) => `${quoted} AS ${aliases[i]}`).join(', ');
  const found = db
    .prepare(
      `SELECT ${aliases.map((alias) => `group_concat(DISTINCT typeof(${alias}))`).join(', ')}` +
        ` FROM (SELECT ${inner} FROM ${from} LIMIT ${STORAGE_SAMPLE_ROWS})`,
    )
    .raw(true)
    .get() as (string | null)[];
  return found.map(
    (list) => new Set((list ?? '').split(',').filter((c): c is StorageClass => CLASSES.has(c))),
  );
}
