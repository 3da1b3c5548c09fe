import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { parseTarget } from '../../vendor-x/lib/writers/target-url.ts';
import { type Column, type ColumnKind, isForwardReference, TABLES, type Table } from './tables.ts';

/** A cell: decimals and timestamps as text. */
export type Cell = string | number | null;

/** One database of any of the three technologies, as the generator and the tests use it. */
export interface SqlTarget {
  readonly kind: 'sqlite' | 'postgres' | 'mysql';
  /** Runs one statement; `?` marks parameters on every technology. */
  run(sql: string, params?: readonly Cell[]): Promise<void>;
  all(sql: string, params?: readonly Cell[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const TYPES: Record<SqlTarget['kind'], Record<ColumnKind, string>> = {
  sqlite: {
    int: 'INTEGER',
    text: 'VARCHAR(100)',
    code: 'VARCHAR(3)',
    money: 'NUMERIC(12,2)',
    timestamp: 'DATETIME',
  },
  postgres: {
    int: 'integer',
    text: 'varchar(100)',
    code: 'varchar(3)',
    money: 'numeric(12,2)',
    timestamp: 'timestamp',
  },
  mysql: {
    int: 'INT',
    text: 'VARCHAR(100)',
    code: 'VARCHAR(3)',
    money: 'DECIMAL(12,2)',
    timestamp: 'DATETIME',
  },
};

/** Opens `sqlite:/path`, `postgres://…/db` or `mysql://…/db` (the database must exist). */
export async function openSqlTarget(url: string): Promise<SqlTarget> {
  const target = parseTarget(url);
  switch (target.kind) {
    case 'sqlite': {
      const db = new Database(target.path);
      return {
        kind: 'sqlite',
        run: async (sql, params = []) => void db.prepare(sql).run(...params),
        all: async (sql, params = []) => db.prepare(sql).all(...params) as Record<string, unknown>[],
        close: async () => void db.close(),
      };
    }
    case 'postgres': {
      const client = new pg.Client({ connectionString: target.url });
      client.on('error', () => {});
      await client.connect();
      const numbered = (sql: string) => {
        let n = 0;
        return sql.replace(/\?/g, () => `$${++n}`);
      };
      return {
        kind: 'postgres',
        run: async (sql, params = []) => void (await client.query(numbered(sql), [...params])),
        all: async (sql, params = []) => (await client.query(numbered(sql), [...params])).rows,
        close: () => client.end(),
      };
    }
    case 'mysql': {
      const connection = await mysql.createConnection({ uri: target.url, dateStrings: true });
      connection.on('error', () => {});
      return {
        kind: 'mysql',
        run: async (sql, params = []) => void (await connection.query(sql, [...params])),
        all: async (sql, params = []) =>
          (await connection.query(sql, [...params]))[0] as Record<string, unknown>[],
        close: () => connection.end(),
      };
    }
  }
}

/** A quoted identifier (the names are the generator's own, never user input). */
export const quote = (target: SqlTarget, name: string): string =>
  target.kind === 'mysql' ? `\`${name}\`` : `"${name}"`;

/** Drops the tables if they exist, then creates them with their keys and foreign keys. */
export async function createTables(target: SqlTarget, tables: readonly Table[]): Promise<void> {
  const q = (name: string) => quote(target, name);
  if (target.kind === 'mysql') await target.run('SET FOREIGN_KEY_CHECKS = 0');
  for (const table of [...tables].reverse())
    await target.run(`DROP TABLE IF EXISTS ${q(table.name)}${target.kind === 'postgres' ? ' CASCADE' : ''}`);
  if (target.kind === 'mysql') await target.run('SET FOREIGN_KEY_CHECKS = 1');
  for (const table of tables) {
    const columns = table.columns.map(
      (column, i) => `${q(column.name)} ${TYPES[target.kind][column.kind]}${i === 0 ? ' PRIMARY KEY' : ''}`,
    );
    // SQLite accepts a foreign key to a table created later (and does not enforce them by default).
    const keys = table.columns
      .filter(
        (column) => column.references && (target.kind === 'sqlite' || !isForwardReference(table, column)),
      )
      .map((column) => foreignKey(target, column));
    await target.run(`CREATE TABLE ${q(table.name)} (${[...columns, ...keys].join(', ')})`);
  }
}

/** Adds the foreign keys to tables created later (the cycle), once every row is in. */
export async function addForwardKeys(target: SqlTarget, tables: readonly Table[]): Promise<void> {
  if (target.kind === 'sqlite') return;
  for (const table of tables)
    for (const column of table.columns)
      if (isForwardReference(table, column))
        await target.run(`ALTER TABLE ${quote(target, table.name)} ADD ${foreignKey(target, column)}`);
}

function foreignKey(target: SqlTarget, column: Column): string {
  const q = (name: string) => quote(target, name);
  const parent = TABLES.find((table) => table.name === column.references) as Table;
  return `FOREIGN KEY (${q(column.name)}) REFERENCES ${q(parent.name)} (${q(parent.columns[0]?.name ?? '')})`;
}

/** Inserts rows, cells in column order, a few hundred per statement. */
export async function insertRows(target: SqlTarget, table: Table, rows: readonly Cell[][]): Promise<void> {
  const names = table.columns.map((column) => quote(target, column.name)).join(', ');
  const marks = `(${table.columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += 200) {
    const chunk = rows.slice(start, start + 200);
    await target.run(
      `INSERT INTO ${quote(target, table.name)} (${names}) VALUES ${chunk.map(() => marks).join(', ')}`,
      chunk.flat(),
    );
  }
}
