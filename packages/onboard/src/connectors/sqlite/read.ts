import type { SqlStreamOptions } from '../shared/sql-driver.ts';
import type { Row } from '../value.ts';
import { openDatabase } from './open-database.ts';

/**
 * Iterates one query on its own read-only connection (a connection can run one iterating statement
 * at a time, and partitions may be read side by side). The statement holds one read transaction
 * while it iterates, so a partition is consistent in itself; rows are pulled only as batches are
 * consumed. Integers arrive as numbers (see `select-column.ts` for how 64-bit values stay exact).
 */
export async function* streamSqlite(
  path: string,
  sql: string,
  params: readonly unknown[],
  options: SqlStreamOptions,
): AsyncGenerator<Row[]> {
  const db = openDatabase(path);
  try {
    const rows = db
      .prepare(sql)
      .raw(true)
      .safeIntegers(false)
      .iterate(...params) as IterableIterator<unknown[]>;
    try {
      const { row: normalise, batchSize } = options;
      let batch: Row[] = [];
      for (const row of rows) {
        batch.push(normalise(row));
        if (batch.length >= batchSize) {
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
