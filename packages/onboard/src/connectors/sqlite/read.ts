import type Database from 'better-sqlite3';
import type { KeysetChunks, SqlStreamOptions } from '../shared/sql-driver.ts';
import type { Row } from '../value.ts';
import { openDatabase } from './open-database.ts';

/**
 * Reads one query on its own read-only connection (a connection can run one iterating statement
 * at a time, and partitions may be read side by side), in one read transaction, so a partition is
 * consistent in itself; rows are fetched only as batches are consumed. Integers arrive as numbers
 * (see `select-column.ts` for how 64-bit values stay exact). A keyed read (`options.chunks`) fetches
 * each batch with one `all()` of a keyset chunk: one native call per batch instead of one per row.
 */
export async function* streamSqlite(
  path: string,
  sql: string,
  params: readonly unknown[],
  options: SqlStreamOptions,
): AsyncGenerator<Row[]> {
  const db = openDatabase(path);
  try {
    if (options.chunks) yield* readChunks(db, options.chunks, options);
    else yield* iterate(db, sql, params, 0, options);
  } finally {
    db.close();
  }
}

/** Every row of one statement, iterated, after skipping the first `skip`. */
function* iterate(
  db: Database.Database,
  sql: string,
  params: readonly unknown[],
  skip: number,
  options: SqlStreamOptions,
): Generator<Row[]> {
  const rows = db
    .prepare(sql)
    .raw(true)
    .safeIntegers(false)
    .iterate(...params) as IterableIterator<unknown[]>;
  try {
    const { row: normalise, batchSize } = options;
    let skipped = 0;
    let batch: Row[] = [];
    for (const row of rows) {
      if (skipped < skip) {
        skipped++;
        continue;
      }
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
}

/**
 * Whether a value of the `lossy` columns came as a number beyond ±(2^53 - 1): the plain read of an
 * integer that large is a float near it (better-sqlite3 without `safeIntegers`), of a real that
 * large the real itself; the two cannot be told apart, so the chunk is read again exactly. For rows
 * as arrays; rows as objects are checked as they are converted (`objectRows`).
 */
function mayBeLossy(raws: readonly unknown[][], lossy: readonly number[]): boolean {
  for (const column of lossy) {
    for (let i = 0; i < raws.length; i++) {
      const value = raws[i]?.[column];
      if (
        typeof value === 'number' &&
        !(value <= Number.MAX_SAFE_INTEGER && value >= -Number.MAX_SAFE_INTEGER)
      )
        return true;
    }
  }
  return false;
}

/**
 * The chunks of a keyed read, in one read transaction (`BEGIN` takes the read lock at the first
 * query and keeps it until the end). A chunk whose last key holds a null cannot be continued with
 * `key > ?` (SQLite lets a non-INTEGER primary key hold nulls; they sort first): the rest is then
 * iterated from the start of the read, skipping the rows already read — within the one transaction
 * and query plan they come in the same order.
 *
 * Each chunk is fetched with the plain select list first: the expressions that keep 64-bit integers
 * exact (`select-column.ts`) cost SQLite about a fifth of a plain read of the row, for values that
 * are nearly always within 2^53. A chunk where a lossy column holds a number beyond it is fetched
 * again with them, in the same transaction: the same rows, exactly.
 *
 * With `options.objectRows` the rows come from better-sqlite3 as objects keyed by the chunk
 * queries' column names and are checked and converted in place in one pass: better-sqlite3 builds
 * an object per row as cheaply as an array, so this saves the array and a second object per row.
 * The next chunk's bound is taken from the last row before it is converted, exactly as the driver
 * returned it.
 */
function* readChunks(
  db: Database.Database,
  chunks: KeysetChunks,
  options: SqlStreamOptions,
): Generator<Row[]> {
  const { row: normalise, objectRows } = options;
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db
        .prepare(sql)
        .raw(objectRows === undefined)
        .safeIntegers(false);
      statements.set(sql, statement);
    }
    return statement;
  };
  const keys: readonly (number | string)[] = objectRows
    ? chunks.keyIndexes.map((i) => chunks.names[i] as string)
    : chunks.keyIndexes;
  const lastKey = (raws: readonly unknown[]) => {
    const last = raws[raws.length - 1] as Record<number | string, unknown>;
    return keys.map((key) => last[key]);
  };
  db.exec('BEGIN');
  try {
    let after: unknown[] | null = null;
    let read = 0;
    for (;;) {
      const { sql, params } = chunks.query(after, true, false);
      let raws = prepare(sql).all(...params) as unknown[];
      if (raws.length === 0) return;
      const exactly = () => {
        const exact = chunks.query(after, true, true);
        return prepare(exact.sql).all(...exact.params) as unknown[];
      };
      let batch: Row[];
      if (objectRows) {
        let next = lastKey(raws);
        if (!objectRows(raws as Record<string, unknown>[], true)) {
          raws = exactly();
          next = lastKey(raws);
          objectRows(raws as Record<string, unknown>[], false);
        }
        after = next;
        batch = raws as Row[];
      } else {
        if (mayBeLossy(raws as unknown[][], chunks.lossy)) raws = exactly();
        after = lastKey(raws);
        batch = new Array(raws.length);
        for (let i = 0; i < raws.length; i++) batch[i] = normalise(raws[i] as unknown[]);
      }
      options.signal?.throwIfAborted();
      yield batch;
      read += raws.length;
      if (raws.length < chunks.size) return;
      if (after.some((value) => value === null || value === undefined)) {
        const whole = chunks.query(null, false);
        yield* iterate(db, whole.sql, whole.params, read, options);
        return;
      }
    }
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
  }
}
