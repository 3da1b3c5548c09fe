import type Database from 'better-sqlite3';
import { SQLITE_URL_OPTIONS } from '../../config/source-url-options.ts';
import { parseUrlOptions } from '../../config/url-options.ts';
import type { Connector, SourceOptions } from '../connector.ts';
import type { ConnectorSettings } from '../connector-settings.ts';
import { SqlConnector } from '../shared/sql-connector.ts';
import type { SqlDriver } from '../shared/sql-driver.ts';
import { pathOf, pathParams } from '../source-url.ts';
import { checkSqlite } from './check.ts';
import { sqliteDialect } from './dialect.ts';
import { discoverSqlite } from './discover.ts';
import { sqliteInexactKeyValues } from './inexact-key-values.ts';
import { openDatabase } from './open-database.ts';
import { streamSqlite } from './read.ts';
import { sqliteChunkable, sqliteSelectColumn } from './select-column.ts';

/**
 * A connector for `sqlite:/path/file.sqlite` (driver: better-sqlite3, read-only). No `snapshots`
 * capability: each partition reads in its own read transaction.
 */
export function createSqliteConnector(options: SourceOptions, settings: ConnectorSettings): Connector {
  const path = pathOf(options.url);
  parseUrlOptions(SQLITE_URL_OPTIONS, pathParams(options.url), 'sqlite:');
  let db: Database.Database | undefined;
  const shared = () => {
    db ??= openDatabase(path);
    return db;
  };
  const driver: SqlDriver = {
    kind: 'sqlite',
    dialect: sqliteDialect,
    exactScalars: false,
    textTimestamps: true,
    check: () => checkSqlite(path),
    discover: async () => discoverSqlite(shared(), options.queries ?? []),
    async query(sql, params) {
      return shared()
        .prepare(sql)
        .raw(true)
        .all(...params) as unknown[][];
    },
    stream: (sql, params, streamOptions) => streamSqlite(path, sql, params, streamOptions),
    selectColumn: sqliteSelectColumn,
    chunkable: sqliteChunkable,
    inexactKeyValues: sqliteInexactKeyValues,
    encodeParam(value, spec) {
      if (typeof value === 'boolean') return value ? 1 : 0;
      // An integer beyond 2^53 is normalised to its exact text: bound as an integer, so it compares
      // as one in a column of any affinity.
      if (
        (spec.type === 'bigint' || spec.type === 'integer') &&
        typeof value === 'string' &&
        /^-?\d+$/.test(value)
      )
        return BigInt(value);
      return value;
    },
    async close() {
      db?.close();
      db = undefined;
    },
  };
  return new SqlConnector(driver, settings);
}
