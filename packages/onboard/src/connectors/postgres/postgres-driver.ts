import pg from 'pg';
import type { SourceOptions } from '../connector.ts';
import type { ConnectingParts } from '../shared/lazy-sql-driver.ts';
import { checkPostgres } from './check.ts';
import { discoverPostgres } from './discover.ts';
import { postgresTypes } from './pg-types.ts';
import { streamPostgres } from './read.ts';

/** The parts of a PostgreSQL connector that use pg: its pool, created when this module loads. */
export function connectPostgres(
  config: pg.ClientConfig,
  max: number,
  options: SourceOptions,
): ConnectingParts {
  const typed: pg.ClientConfig = { ...config, types: postgresTypes };
  const pool = new pg.Pool({ ...typed, max });
  pool.on('error', () => {});
  return {
    check: () => checkPostgres(typed),
    discover: () => discoverPostgres(pool, options.queries ?? []),
    async query(sql, params) {
      return (await pool.query({ text: sql, values: [...params], rowMode: 'array' })).rows as unknown[][];
    },
    stream: (sql, params, streamOptions) => streamPostgres(pool, sql, params, streamOptions),
    close: () => pool.end(),
  };
}
