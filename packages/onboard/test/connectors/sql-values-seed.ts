import type { DialectName, TestDatabase } from '@madeup/testkit';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { execSql } from './sql-exec.ts';
import { dateText, offsetText, type ValueRow, wallText } from './sql-values.ts';
import { wallMillis } from './sql-values-expected.ts';

const COLUMNS = ['id', 't', 'i', 'b', 'd', 'f', 'bo', 'dt', 'ts', 'tz', 'bin', 'j', 'u'] as const;

/** The native type of each column, per dialect (the widest DECIMAL MariaDB has: 65,30). */
const TYPES: Record<DialectName, readonly string[]> = {
  postgres: [
    'BIGINT PRIMARY KEY',
    'TEXT',
    'INTEGER',
    'BIGINT',
    'NUMERIC(65,30)',
    'DOUBLE PRECISION',
    'BOOLEAN',
    'DATE',
    'TIMESTAMP(6)',
    'TIMESTAMPTZ(6)',
    'BYTEA',
    'JSONB',
    'UUID',
  ],
  mysql: [
    'BIGINT PRIMARY KEY',
    'LONGTEXT',
    'INT',
    'BIGINT',
    'DECIMAL(65,30)',
    'DOUBLE',
    'BOOLEAN',
    'DATE',
    'DATETIME(6)',
    'TIMESTAMP(6) NULL',
    'LONGBLOB',
    'JSON',
    'UUID',
  ],
  sqlite: [
    'BIGINT PRIMARY KEY',
    'TEXT',
    'INTEGER',
    'BIGINT',
    'NUMERIC(65,30)',
    'REAL',
    'BOOLEAN',
    'DATE',
    'DATETIME',
    'TIMESTAMPTZ',
    'BLOB',
    'JSON',
    'UUID',
  ],
};

/** The value types discover must report for the columns above, on every dialect. */
export const VALUE_TYPES = {
  id: 'bigint',
  t: 'string',
  i: 'integer',
  b: 'bigint',
  d: 'decimal',
  f: 'float',
  bo: 'boolean',
  dt: 'date',
  ts: 'timestamp',
  tz: 'timestamp',
  bin: 'binary',
  j: 'json',
  u: 'uuid',
} as const;

/** Each value as the seeding driver binds it. */
function params(row: ValueRow, dialect: DialectName): unknown[] {
  const floatText = row.f === null ? null : Object.is(row.f, -0) ? '-0' : String(row.f);
  let tz: string | null = null;
  if (row.tz !== null) {
    // MariaDB takes no offset in a TIMESTAMP literal: its UTC wall time, in a UTC session.
    tz =
      dialect === 'mysql'
        ? new Date(wallMillis(row.tz.wall) - row.tz.offset * 60_000)
            .toISOString()
            .replace('T', ' ')
            .replace(/\.\d{3}Z$/, `.${String(row.tz.wall.us).padStart(6, '0')}`)
        : `${wallText(row.tz.wall)}${offsetText(row.tz.offset)}`;
  }
  return [
    dialect === 'postgres' ? String(row.id) : row.id,
    row.t,
    row.i,
    row.b === null ? null : dialect === 'postgres' ? String(row.b) : row.b,
    row.d,
    dialect === 'sqlite' ? row.f : floatText,
    row.bo === null ? null : dialect === 'sqlite' ? Number(row.bo) : row.bo,
    row.dt === null ? null : dateText(row.dt),
    row.ts === null ? null : wallText(row.ts),
    tz,
    row.bin === null ? null : Buffer.from(row.bin),
    row.j === null ? null : JSON.stringify(row.j),
    row.u,
  ];
}

/** Creates `table` with a column of every type and inserts `rows` with bound parameters. */
export async function seedValues(db: TestDatabase, table: string, rows: readonly ValueRow[]): Promise<void> {
  const types = TYPES[db.dialect];
  const create = `CREATE TABLE ${table} (${COLUMNS.map((c, i) => `${c} ${types[i]}`).join(', ')})`;
  const all = rows.map((row) => params(row, db.dialect));
  switch (db.dialect) {
    case 'postgres': {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        await client.query(create);
        const marks = COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
        for (const values of all) await client.query(`INSERT INTO ${table} VALUES (${marks})`, values);
      } finally {
        await client.end();
      }
      return;
    }
    case 'mysql': {
      const connection = await mysql.createConnection({
        uri: db.url,
        timezone: 'Z',
        supportBigNumbers: true,
      });
      try {
        await connection.query("SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES'");
        await connection.query(create);
        const marks = COLUMNS.map(() => '?').join(', ');
        for (const values of all) await connection.query(`INSERT INTO ${table} VALUES (${marks})`, values);
      } finally {
        await connection.end();
      }
      return;
    }
    case 'sqlite': {
      const sqlite = new Database(db.url.slice('sqlite:'.length));
      try {
        sqlite.exec(create);
        const insert = sqlite.prepare(`INSERT INTO ${table} VALUES (${COLUMNS.map(() => '?').join(', ')})`);
        sqlite.transaction(() => {
          for (const values of all) insert.run(...values);
        })();
      } finally {
        sqlite.close();
      }
      return;
    }
  }
}

/** SQLite's stored decimal of each row, by key (it keeps DECIMAL as INTEGER or REAL). */
export function sqliteStoredDecimals(db: TestDatabase, table: string): Map<string, bigint | number | null> {
  const sqlite = new Database(db.url.slice('sqlite:'.length), { readonly: true });
  try {
    const rows = sqlite.prepare(`SELECT id, d FROM ${table}`).raw(true).safeIntegers(true).all() as [
      bigint,
      bigint | number | null,
    ][];
    return new Map(rows.map(([id, d]) => [String(id), d]));
  } finally {
    sqlite.close();
  }
}

/** Drops `table`. */
export async function dropTable(db: TestDatabase, table: string): Promise<void> {
  await execSql(db, [`DROP TABLE ${table}`]);
}
