import mysql from 'mysql2';
import type { SourceOptions } from '../connector.ts';
import type { ConnectingParts } from '../shared/lazy-sql-driver.ts';
import { checkMysql } from './check.ts';
import { discoverMysql } from './discover.ts';
import { poolQuery } from './pool-query.ts';
import { streamMysql } from './read.ts';

/** The parts of a MySQL connector that use mysql2: its pool, created when this module loads. */
export function connectMysql(
  config: mysql.ConnectionOptions,
  connectionLimit: number,
  options: SourceOptions,
): ConnectingParts {
  const pool = mysql.createPool({ ...config, connectionLimit });
  pool.on('connection', (connection) => {
    connection.query("SET time_zone = '+00:00'");
  });
  return {
    check: () => checkMysql(config),
    discover: () => discoverMysql(pool, options.queries ?? []),
    async query(sql, params) {
      return (await poolQuery(pool, sql, params)).rows;
    },
    stream: (sql, params, streamOptions) => streamMysql(pool, sql, params, streamOptions),
    close: () => new Promise((resolve) => pool.end(() => resolve())),
  };
}
