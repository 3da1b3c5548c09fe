import mysql from 'mysql2';
import { MYSQL_URL_OPTIONS } from '../../config/source-url-options.ts';
import type { Connector, SourceOptions } from '../connector.ts';
import type { ConnectorSettings } from '../connector-settings.ts';
import { SqlConnector } from '../shared/sql-connector.ts';
import type { SqlDriver } from '../shared/sql-driver.ts';
import { parseServerUrl } from '../source-url.ts';
import { checkMysql } from './check.ts';
import { mysqlDialect } from './dialect.ts';
import { discoverMysql } from './discover.ts';
import { mysqlTls } from './mysql-tls.ts';
import { poolQuery } from './pool-query.ts';
import { streamMysql } from './read.ts';

/**
 * A connector for `mysql://` / `mariadb://` URLs (driver: mysql2). Values arrive as exact text
 * (dates, decimals, 64-bit integers); sessions run in UTC so TIMESTAMP columns are instants.
 * No `snapshots` capability: MySQL cannot share one snapshot between connections.
 */
export function createMysqlConnector(options: SourceOptions, settings: ConnectorSettings): Connector {
  const address = parseServerUrl(options.url, {
    port: 3306,
    user: 'root',
    env: { user: 'mysqlUser', password: 'mysqlPassword' },
    specs: MYSQL_URL_OPTIONS,
    label: 'mysql://',
  });
  const ssl = mysqlTls(address.options, address.host);
  const config: mysql.ConnectionOptions = {
    host: address.host,
    port: address.port,
    user: address.user,
    database: address.database,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    timezone: 'Z',
    charset: 'utf8mb4',
    ...(address.password !== undefined ? { password: address.password } : {}),
    ...(ssl === undefined ? {} : { ssl }),
    ...(address.options.connect_timeout === undefined
      ? {}
      : { connectTimeout: address.options.connect_timeout * 1000 }),
  };
  const pool = mysql.createPool({ ...config, connectionLimit: address.options.pool ?? 8 });
  pool.on('connection', (connection) => {
    connection.query("SET time_zone = '+00:00'");
  });
  const driver: SqlDriver = {
    kind: 'mysql',
    dialect: mysqlDialect,
    exactScalars: true,
    check: () => checkMysql(config),
    discover: () => discoverMysql(pool, options.queries ?? []),
    async query(sql, params) {
      return (await poolQuery(pool, sql, params)).rows;
    },
    stream: (sql, params, streamOptions) => streamMysql(pool, sql, params, streamOptions),
    // MySQL compares a BIGINT with a string as doubles: send 64-bit keys as integer literals.
    encodeParam: (value, spec) =>
      spec.type === 'bigint' && typeof value === 'string' && /^-?\d+$/.test(value) ? BigInt(value) : value,
    close: () => new Promise((resolve) => pool.end(() => resolve())),
  };
  return new SqlConnector(driver, settings);
}
