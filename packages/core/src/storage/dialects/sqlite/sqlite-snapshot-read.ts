import type { Db, Trx } from '../../dynamic-database.ts';
import { sqliteHeldTransaction } from './sqlite-held-transaction.ts';

/**
 * `StorageDialect.snapshotRead` on SQLite: `fn`'s statements in one read transaction on the pool's
 * connection, held for all of them. Each statement alone takes the connection anew, so a write
 * transaction of another request could commit between two of them; WAL gives the transaction one
 * snapshot against other processes' writes too.
 */
export function sqliteSnapshotRead<T>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return sqliteHeldTransaction(db, 'BEGIN', fn);
}
