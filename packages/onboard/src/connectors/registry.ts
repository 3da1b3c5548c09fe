import { assertTimeZone } from '../time/time-zone.ts';
import type { Connector, SourceOptions } from './connector.ts';
import { SourceConfigError } from './connector-error.ts';
import type { ConnectorSettings } from './connector-settings.ts';
import { createFilesConnector } from './files/files-connector.ts';
import { createMysqlConnector } from './mysql/mysql-connector.ts';
import { createPostgresConnector } from './postgres/postgres-connector.ts';
import { createSqliteConnector } from './sqlite/sqlite-connector.ts';

type Factory = (options: SourceOptions, settings: ConnectorSettings) => Connector;

/** URL scheme -> connector factory. */
const FACTORIES: Record<string, Factory> = {
  postgres: createPostgresConnector,
  postgresql: createPostgresConnector,
  mysql: createMysqlConnector,
  mariadb: createMysqlConnector,
  sqlite: createSqliteConnector,
  file: createFilesConnector,
};

/**
 * Opens the connector for a source URL: `postgres://`, `mysql://` (or `mariadb://`), `sqlite:/path`,
 * `file:/path` (a CSV/NDJSON file or folder). Connections are made lazily, on first use.
 */
export function openConnector(options: SourceOptions): Connector {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(options.url)?.[1]?.toLowerCase();
  const factory = scheme !== undefined && Object.hasOwn(FACTORIES, scheme) ? FACTORIES[scheme] : undefined;
  if (factory === undefined) {
    // Without a scheme, nothing of the URL is shown: what follows `//` may be a user and password.
    // A plain path (`/data/vendor.sqlite`, `./export`) is shown with the scheme it needs.
    const path = scheme === undefined && /^(\/(?!\/)|\.\.?\/)/.test(options.url) ? options.url : undefined;
    throw new SourceConfigError(
      path !== undefined
        ? `the source URL does not start with a scheme: write sqlite:${path} for a SQLite file, file:${path} for CSV/NDJSON files`
        : `${scheme === undefined ? 'the source URL does not start with a scheme' : `unsupported source URL scheme "${scheme}"`}; use postgres://, mysql://, sqlite:/path or file:/path`,
    );
  }
  const timeZone = options.timezone ?? 'UTC';
  assertTimeZone(timeZone);
  const warn =
    options.onWarning ?? ((message: string) => process.stderr.write(`onboard: warning: ${message}\n`));
  return factory(options, { timeZone, warn });
}
