import { Kysely } from 'kysely';
import { createPool } from 'mysql2';
import type { Db, DynamicDatabase } from '../../dynamic-database.ts';
import type { PoolOptions } from '../../storage-dialect.ts';
import { MysqlTableNamesDialect } from './mysql-table-names-introspector.ts';

/** A Kysely instance over a mysql2 pool: dates as text, big numbers and decimals as strings, UTC. */
export function openMysql(url: string, pool: PoolOptions): Db {
  const client = createPool({
    uri: url,
    connectionLimit: pool.max,
    maxIdle: pool.max,
    idleTimeout: pool.idleMs,
    connectTimeout: 5000,
    dateStrings: true,
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    charset: 'utf8mb4_bin',
  });
  client.on('connection', (connection) => {
    // READ COMMITTED: row locks without gap locks, so parallel batches rarely deadlock; the unique
    // key on (source, external_id) still stops duplicates.
    connection.query("SET time_zone = '+00:00', sql_mode = CONCAT(@@sql_mode, ',STRICT_ALL_TABLES')");
    connection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
  });
  // Table names without information_schema (see MysqlTableNamesDialect).
  return new Kysely<DynamicDatabase>({ dialect: new MysqlTableNamesDialect({ pool: client }) });
}
