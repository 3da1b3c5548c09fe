import pg from 'pg';
import { POSTGRES_URL_OPTIONS } from '../../config/source-url-options.ts';
import type { Connector, SourceOptions } from '../connector.ts';
import type { ConnectorSettings } from '../connector-settings.ts';
import { SqlConnector } from '../shared/sql-connector.ts';
import type { SqlDriver } from '../shared/sql-driver.ts';
import { parseServerUrl } from '../source-url.ts';
import { checkPostgres } from './check.ts';
import { postgresDialect } from './dialect.ts';
import { discoverPostgres } from './discover.ts';
import { postgresTypes } from './normalise.ts';
import { postgresTls } from './postgres-tls.ts';
import { streamPostgres } from './read.ts';
import { postgresSnapshots } from './snapshots.ts';

/** A connector for `postgres://` / `postgresql://` URLs (driver: pg). Connects lazily. */
export function createPostgresConnector(options: SourceOptions, settings: ConnectorSettings): Connector {
  const address = parseServerUrl(options.url, {
    port: 5432,
    user: 'postgres',
    env: { user: 'pgUser', password: 'pgPassword' },
    specs: POSTGRES_URL_OPTIONS,
    label: 'postgres://',
  });
  const ssl = postgresTls(address.options, address.host);
  const config: pg.ClientConfig = {
    host: address.host,
    port: address.port,
    user: address.user,
    database: address.database,
    application_name: 'onboard',
    options: '-c TimeZone=UTC -c DateStyle=ISO -c IntervalStyle=iso_8601',
    types: postgresTypes,
    ...(address.password !== undefined ? { password: address.password } : {}),
    ssl,
    ...(address.options.connect_timeout === undefined
      ? {}
      : { connectionTimeoutMillis: address.options.connect_timeout * 1000 }),
  };
  const pool = new pg.Pool({ ...config, max: address.options.pool ?? 8 });
  pool.on('error', () => {});
  const driver: SqlDriver = {
    kind: 'postgres',
    dialect: postgresDialect,
    snapshots: postgresSnapshots(config),
    exactScalars: true,
    check: () => checkPostgres(config),
    discover: () => discoverPostgres(pool, options.queries ?? []),
    async query(sql, params) {
      return (await pool.query({ text: sql, values: [...params], rowMode: 'array' })).rows as unknown[][];
    },
    stream: (sql, params, streamOptions) => streamPostgres(pool, sql, params, streamOptions),
    selectColumn: (quoted, spec) => (spec.readAs === undefined ? quoted : `${quoted}::${spec.readAs}`),
    close: () => pool.end(),
  };
  return new SqlConnector(driver, settings);
}
