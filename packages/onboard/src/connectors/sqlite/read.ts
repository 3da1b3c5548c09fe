import type { SqlStreamOptions } from '../shared/sql-driver.ts';
import { openDatabase } from './open-database.ts';

/**
 * Iterates one query on its own read-only connection (a connection can run one iterating statement
 * at a time, and partitions may be read side by side). The statement holds one read transaction
 * while it iterates, so a partition is consistent in itself; rows are pulled only as batches are
 * consumed.
 */
export async function* streamSqlite(
  path: string,
  sql: string,
  params: readonly unknown[],
  options: SqlStreamOptions,
): AsyncGenerator<unknown[][]> {
  const db = openDatabase(path);
  try {
    const rows = db
      .prepare(sql)
      .raw(true)
      .iterate(...params) as IterableIterator<unknown[]>;
    try {
      let batch: unknown[][] = [];
      for (const row of rows) {
        batch.push(row);
        if (batch.length >= options.batchSize) {
          options.signal?.throwIfAborted();
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      rows.return?.();
    }
  } finally {
    db.close();
  }
}
