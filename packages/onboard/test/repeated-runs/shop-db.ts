import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { ShopDialect } from './shop-cursor.ts';

/** One connection to the shop's database, whatever its technology: statements with `?` parameters. */
export interface ShopDb {
  /** Runs one statement; returns how many rows it changed. */
  run(sql: string, params: readonly unknown[]): Promise<number>;
  close(): Promise<void>;
}

/**
 * Connects to the shop's database at `url` (`sqlite:/path`, `postgres://…`, `mysql://…`). A MariaDB
 * session runs at `mysqlOffset` (`+05:30`), the zone its TIMESTAMP values are written in.
 */
export async function openShopDb(dialect: ShopDialect, url: string, mysqlOffset: string): Promise<ShopDb> {
  if (dialect === 'sqlite') {
    const db = new Database(url.replace(/^sqlite:/, ''));
    return {
      run: async (sql, params) => db.prepare(sql).run(...params).changes,
      close: async () => void db.close(),
    };
  }
  if (dialect === 'postgres') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return {
      async run(sql, params) {
        let n = 0;
        const numbered = sql.replace(/\?/g, () => `$${++n}`);
        return (await client.query(numbered, [...params])).rowCount ?? 0;
      },
      close: () => client.end(),
    };
  }
  const connection = await mysql.createConnection({ uri: url, multipleStatements: false });
  await connection.query(`SET time_zone = '${mysqlOffset}'`);
  return {
    async run(sql, params) {
      const [result] = await connection.query(sql, [...params]);
      return (result as mysql.ResultSetHeader).affectedRows;
    },
    close: () => connection.end(),
  };
}
