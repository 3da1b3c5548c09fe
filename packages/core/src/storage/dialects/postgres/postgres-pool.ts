import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Db, DynamicDatabase } from '../../dynamic-database.ts';
import type { PoolOptions } from '../../storage-dialect.ts';

// date, timestamp, timestamptz: keep PostgreSQL's text (microseconds survive; no JS Date).
const RAW_TEXT_TYPES = new Set([1082, 1114, 1184]);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    RAW_TEXT_TYPES.has(oid)
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The pg pool under each Kysely instance `openPostgres` made (see `postgresWriteTransaction`). */
const pools = new WeakMap<Db, pg.Pool>();

/** The pg pool under `db`, when `openPostgres` made it. */
export function poolOf(db: Db): pg.Pool | undefined {
  return pools.get(db);
}

/**
 * A Kysely instance over a pg pool whose sessions run in UTC. `random_page_cost=1.1` (the usual
 * setting for SSDs and cached data, instead of 4, tuned for spinning disks) lets the planner find a
 * batch's 1000 keys by index rather than read a growing table whole for them. No parallel plans
 * (`max_parallel_workers_per_gather=0`): a batch's statements touch a few thousand rows by index,
 * and the planner gave the three-table parent lookup of a payments batch (once its parent tables
 * held ~300k rows) a parallel plan: two worker processes started per statement, ~100 ms of server
 * CPU against ~15 ms without (docs/benchmarks.md). The checksum of a whole source, which reads
 * every row, asks for its workers itself.
 */
export function openPostgres(url: string, pool: PoolOptions): Db {
  const client = new pg.Pool({
    connectionString: url,
    max: pool.max,
    idleTimeoutMillis: pool.idleMs,
    connectionTimeoutMillis: 5000,
    options: '-c TimeZone=UTC -c random_page_cost=1.1 -c max_parallel_workers_per_gather=0',
    types,
  });
  // A server that goes away (shutdown, crash, `pg_terminate_backend`) makes every client emit
  // 'error': idle ones are handled by the pool, but a client checked out for a request has no
  // listener of its own, and an unhandled 'error' event would end the process. The request that
  // holds it gets the error from its query; the pool drops the broken client on release.
  client.on('error', () => {});
  client.on('connect', (connection) => connection.on('error', () => {}));
  const db = new Kysely<DynamicDatabase>({ dialect: new PostgresDialect({ pool: client }) });
  pools.set(db, client);
  return db;
}
