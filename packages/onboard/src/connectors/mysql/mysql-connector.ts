import type mysql from 'mysql2';
import { MYSQL_URL_OPTIONS } from '../../config/source-url-options.ts';
import type { Connector, SourceOptions } from '../connector.ts';
import type { ConnectorSettings } from '../connector-settings.ts';
import { gapWallTimes } from '../shared/gap-wall-times.ts';
import { lazySqlDriver } from '../shared/lazy-sql-driver.ts';
import { SqlConnector } from '../shared/sql-connector.ts';
import type { SqlDriver } from '../shared/sql-driver.ts';
import { parseServerUrl } from '../source-url.ts';
import { mysqlDialect } from './dialect.ts';
import { mysqlParam } from './encode-param.ts';
import { mysqlTls } from './mysql-tls.ts';
import { mysqlSelectColumn } from './select-column.ts';

/**
 * A connector for `mysql://` / `mariadb://` URLs (driver: mysql2, loaded on first use). Values arrive as exact text
 * (dates, decimals, 64-bit integers); sessions run in UTC so TIMESTAMP columns are instants.
 * No `snapshots` capability: MySQL cannot share one snapshot between connections.
 */
export function createMysqlConnector(options: SourceOptions, settings: ConnectorSettings): Connector {
  return new SqlConnector(createMysqlDriver(options), settings);
}

/** The `SqlDriver` of a `mysql://` / `mariadb://` URL, under the shared SQL connector. */
export function createMysqlDriver(options: SourceOptions): SqlDriver {
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
    // JSON as its text, parsed once by the value converter: parsed here too, a JSON string
    // (`"123"`) would be parsed twice.
    jsonStrings: true,
    timezone: 'Z',
    charset: 'utf8mb4',
    ...(address.password !== undefined ? { password: address.password } : {}),
    ...(ssl === undefined ? {} : { ssl }),
    ...(address.options.connect_timeout === undefined
      ? {}
      : { connectTimeout: address.options.connect_timeout * 1000 }),
  };
  const connectionLimit = address.options.pool ?? 8;
  return lazySqlDriver(
    {
      kind: 'mysql',
      dialect: mysqlDialect,
      exactScalars: true,
      selectColumn: mysqlSelectColumn,
      encodeParam: mysqlParam,
      // CONVERT_TZ gives NULL without the server's time zone tables: every value counts as in a gap.
      inexactKeyValues: (quoted, spec, timeZone) =>
        gapWallTimes(
          quoted,
          spec,
          timeZone,
          (q, zone) => `NOT (CONVERT_TZ(CONVERT_TZ(${q}, ${zone}, '+00:00'), '+00:00', ${zone}) <=> ${q})`,
          ' (or the server has no time zone tables for CONVERT_TZ: load them with mariadb-tzinfo-to-sql)',
        ),
    },
    async () => (await import('./mysql-driver.ts')).connectMysql(config, connectionLimit, options),
  );
}
