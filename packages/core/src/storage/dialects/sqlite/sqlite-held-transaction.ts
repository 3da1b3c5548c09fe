import { sql } from 'kysely';
import type { Db, Trx } from '../../dynamic-database.ts';

/**
 * `fn` in one transaction on the pool's connection, held for all of its statements (each statement
 * alone would take the connection anew): `begin` opens it (`BEGIN`, or `BEGIN IMMEDIATE` to take
 * the write lock up front), `COMMIT` ends it, and any error rolls it back.
 */
export function sqliteHeldTransaction<T>(
  db: Db,
  begin: 'BEGIN' | 'BEGIN IMMEDIATE',
  fn: (trx: Trx) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql.raw(begin).execute(connection);
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
