import { Kysely } from 'kysely';
import { createPool, format } from 'mysql2';
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
    // mysql2's own formatting (values escaped into the text, objects not stringified, UTC), but a
    // text without values goes as it is: by default even that is scanned for `?`, character by
    // character through every quoted value of a multi-row INSERT written with its values in
    // (`mysqlLiteralRows`).
    queryFormat: (sql: string, values: unknown) =>
      (Array.isArray(values) && values.length === 0) || values === undefined
        ? sql
        : format(sql, values as Parameters<typeof format>[1], false, 'Z'),
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
