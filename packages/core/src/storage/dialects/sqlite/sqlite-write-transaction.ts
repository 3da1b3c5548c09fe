import type Database from 'better-sqlite3';
import type { Db, Queryable, Trx } from '../../dynamic-database.ts';
import { sqliteHeldTransaction } from './sqlite-held-transaction.ts';
import { sqliteDatabase } from './sqlite-pool.ts';

/** The connection under each transaction `sqliteWriteTransaction` opened. */
const databases = new WeakMap<Queryable, Database.Database>();

/**
 * `StorageDialect.writeTransaction` for SQLite: BEGIN IMMEDIATE takes the write lock up front, so
 * two processes never deadlock on an upgrade. The transaction's connection is known to
 * `transactionDatabase`, for statements that go past the query builder (`sqliteInsertNewRows`).
 */
export function sqliteWriteTransaction<T>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return sqliteHeldTransaction(db, 'BEGIN IMMEDIATE', async (trx) => {
    const database = sqliteDatabase(db);
    if (database !== undefined) databases.set(trx, database);
    try {
      return await fn(trx);
    } finally {
      databases.delete(trx);
    }
  });
}

/** The better-sqlite3 connection of a transaction `sqliteWriteTransaction` opened; undefined for any other handle. */
export function transactionDatabase(db: Queryable): Database.Database | undefined {
  return databases.get(db);
}
