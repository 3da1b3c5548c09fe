import { sql } from 'kysely';
import type { Db, Trx } from '../../dynamic-database.ts';

/**
 * `StorageDialect.snapshotRead` on SQLite: `fn`'s statements in one read transaction on the pool's
 * connection, held for all of them. Each statement alone takes the connection anew, so a write
 * transaction of another request could commit between two of them; WAL gives the transaction one
 * snapshot against other processes' writes too.
 */
export function sqliteSnapshotRead<T>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`BEGIN`.execute(connection);
    try {
      const result = await fn(connection as never);
      await sql`COMMIT`.execute(connection);
      return result;
    } catch (error) {
      await sql`ROLLBACK`.execute(connection).catch(() => {});
      throw error;
    }
  });
}
