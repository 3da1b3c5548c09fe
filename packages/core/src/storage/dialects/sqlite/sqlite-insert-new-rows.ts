import type { InsertTarget } from '../../bulk-sql.ts';
import type { Queryable } from '../../dynamic-database.ts';
import { doubleQuote as quote } from '../../sql-syntax.ts';
import { transactionDatabase } from './sqlite-write-transaction.ts';

/** Most bound parameters in one statement (SQLite's default limit is 32,766). */
const MAX_PARAMS = 30_000;

function insertText(target: InsertTarget, count: number): string {
  const tuple = `(${Array.from({ length: target.columns.length + 1 }, () => '?').join(', ')})`;
  return `INSERT INTO ${quote(target.table)} ("id", ${target.columns.map(quote).join(', ')}) VALUES ${Array.from({ length: count }, () => tuple).join(', ')}`;
}

/**
 * `StorageDialect.insertNewRows` for SQLite: gives the rows the ids after the table's largest
 * (`max(id)`, one read of the primary key's last page; the transaction holds SQLite's write lock
 * from its `BEGIN IMMEDIATE`, so no other writer can take them), calls `withIds`, then inserts the
 * rows with their ids by multi-row INSERTs on the transaction's connection (compiled once per shape:
 * `openSqlite`'s connections reuse a text's statement, see `cacheStatements`),
 * each row's values bound as they are (no flat parameter list, no query builder). The unique
 * (source, external_id) index still rejects a key that is stored, failing the transaction like the
 * plain INSERT (so a batch written before reading goes the usual way). Undefined when `db` is not a
 * transaction of `sqliteWriteTransaction`, or ids would pass 2^53.
 */
export async function sqliteInsertNewRows(
  db: Queryable,
  target: InsertTarget,
  rows: readonly (readonly unknown[])[],
  withIds?: (ids: readonly string[]) => void,
): Promise<readonly string[] | undefined> {
  const database = transactionDatabase(db);
  if (database === undefined) return undefined;
  const table = quote(target.table);
  const max = database.prepare(`SELECT max("id") FROM ${table}`).pluck().get() as number | bigint | null;
  const last = max === null ? 0 : Number(max);
  if (!Number.isSafeInteger(last + rows.length)) return undefined;
  const ids = rows.map((_, k) => String(last + 1 + k));
  withIds?.(ids);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / (target.columns.length + 1)));
  for (let start = 0; start < rows.length; start += perStatement) {
    const count = Math.min(perStatement, rows.length - start);
    const args: unknown[] = new Array(2 * count);
    for (let k = 0; k < count; k++) {
      args[2 * k] = last + 1 + start + k;
      args[2 * k + 1] = rows[start + k];
    }
    database.prepare(insertText(target, count)).run(...args);
  }
  // A turn of the event loop after the statement, as after every other (`YieldPlugin`).
  await new Promise<void>((resolve) => setImmediate(resolve));
  return ids;
}
