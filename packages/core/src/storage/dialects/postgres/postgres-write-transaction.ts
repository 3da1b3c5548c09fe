import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import type { Db, DynamicDatabase, Queryable, Trx } from '../../dynamic-database.ts';
import { errorCode } from '../../network-errors.ts';
import { poolOf } from './postgres-pool.ts';

/** A server error's code: the server answered, so the connection is in a known state. */
const SQLSTATE = /^[0-9A-Z]{5}$/;

/** A Kysely instance per checked-out client, whose every query runs on that client. */
const onClient = new WeakMap<pg.PoolClient, Db>();
/** The client under each transaction `postgresWriteTransaction` opened. */
const clients = new WeakMap<Queryable, pg.PoolClient>();

/**
 * Kysely over one client already checked out of the pool: its "pool" hands out that client (and
 * never releases it; the caller does), so its transactions run on a connection the caller knows.
 */
function kyselyOn(client: pg.PoolClient): Db {
  let db = onClient.get(client);
  if (db === undefined) {
    const held = {
      query: client.query.bind(client),
      release: () => {},
    } as unknown as PostgresPoolClient;
    const pool: PostgresPool = { connect: async () => held, end: async () => {}, options: {} };
    db = new Kysely<DynamicDatabase>({ dialect: new PostgresDialect({ pool }) });
    onClient.set(client, db);
  }
  return db;
}

/**
 * `StorageDialect.writeTransaction` for PostgreSQL: a Kysely transaction on a client this function
 * checks out itself, so statements Kysely cannot express (COPY, see `postgresCopyRows`) can run on
 * the same connection inside the same transaction (`transactionClient`). A transaction that failed
 * without a server error (the connection broke, or a COPY stopped half-way on our side) gives
 * its client back to be destroyed rather than reused.
 */
export async function postgresWriteTransaction<T>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T> {
  const pool = poolOf(db);
  if (pool === undefined) return db.transaction().execute(fn);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    return await kyselyOn(client)
      .transaction()
      .execute((trx) => {
        clients.set(trx, client);
        return fn(trx);
      });
  } catch (error) {
    if (!SQLSTATE.test(errorCode(error) ?? ''))
      broken = error instanceof Error ? error : new Error('write transaction failed');
    throw error;
  } finally {
    client.release(broken);
  }
}

/** The client of a transaction `postgresWriteTransaction` opened; undefined for any other handle. */
export function transactionClient(db: Queryable): pg.PoolClient | undefined {
  return clients.get(db);
}
