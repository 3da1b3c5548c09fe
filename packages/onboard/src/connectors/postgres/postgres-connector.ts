import type pg from 'pg';
import { POSTGRES_URL_OPTIONS } from '../../config/source-url-options.ts';
import type { Connector, SourceOptions } from '../connector.ts';
import type { ConnectorSettings } from '../connector-settings.ts';
import { gapWallTimes } from '../shared/gap-wall-times.ts';
import { lazySqlDriver } from '../shared/lazy-sql-driver.ts';
import { SqlConnector } from '../shared/sql-connector.ts';
import { parseServerUrl } from '../source-url.ts';
import { postgresDialect } from './dialect.ts';
import { postgresParam } from './encode-param.ts';
import { postgresTls } from './postgres-tls.ts';
import { postgresSnapshots } from './snapshots.ts';

/** A connector for `postgres://` / `postgresql://` URLs (driver: pg, loaded on first use). Connects lazily. */
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
    ...(address.password !== undefined ? { password: address.password } : {}),
    ssl,
    ...(address.options.connect_timeout === undefined
      ? {}
      : { connectionTimeoutMillis: address.options.connect_timeout * 1000 }),
  };
  const max = address.options.pool ?? 8;
  const driver = lazySqlDriver(
    {
      kind: 'postgres',
      dialect: postgresDialect,
      snapshots: postgresSnapshots(config),
      exactScalars: true,
      selectColumn: (quoted, spec) => (spec.readAs === undefined ? quoted : `${quoted}::${spec.readAs}`),
      encodeParam: postgresParam,
      inexactKeyValues: (quoted, spec, timeZone) =>
        gapWallTimes(
          quoted,
          spec,
          timeZone,
          (q, zone) => `(${q} AT TIME ZONE ${zone}) AT TIME ZONE ${zone} <> ${q}`,
        ),
    },
    async () => (await import('./postgres-driver.ts')).connectPostgres(config, max, options),
  );
  return new SqlConnector(driver, settings);
}
