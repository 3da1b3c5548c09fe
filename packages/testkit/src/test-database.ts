import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MYSQL, POSTGRES } from './servers.ts';
import { uniqueName } from './unique-name.ts';

/** The database technologies the project supports, as tests name them. */
export type DialectName = (typeof DIALECT_NAMES)[number];

/** The names of every dialect, as `DIALECTS=` takes them. */
export const DIALECT_NAMES = ['postgres', 'mysql', 'sqlite'] as const;

/** A database created for one test file, dropped by `drop()`. */
export interface TestDatabase {
  readonly dialect: DialectName;
  /** The database name (the file name for SQLite). */
  readonly name: string;
  /**
   * A URL that reaches it: `postgres://…/name`, `mysql://…/name`, or `sqlite:/abs/path/name.sqlite`.
   */
  readonly url: string;
  /** Drops the database (deletes the file); safe to call twice. */
  drop(): Promise<void>;
}

/** Creates an empty, uniquely named database of the given dialect. */
export async function createTestDatabase(dialect: DialectName, hint = 't'): Promise<TestDatabase> {
  const name = uniqueName(hint);
  switch (dialect) {
    case 'postgres':
      await postgresAdmin(`CREATE DATABASE "${name}"`);
      return {
        dialect,
        name,
        url: `${POSTGRES.url}/${name}`,
        drop: () => postgresAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      };
    case 'mysql':
      await mysqlAdmin(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
      return {
        dialect,
        name,
        url: `${MYSQL.url}/${name}`,
        drop: () => mysqlAdmin(`DROP DATABASE IF EXISTS \`${name}\``),
      };
    case 'sqlite': {
      const dir = await mkdtemp(join(tmpdir(), `${name}-`));
      return {
        dialect,
        name,
        url: `sqlite:${join(dir, `${name}.sqlite`)}`,
        drop: () => rm(dir, { recursive: true, force: true }),
      };
    }
  }
}

/** Runs one statement on the PostgreSQL server's maintenance database. */
export async function postgresAdmin(sql: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: `${POSTGRES.url}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Runs one statement on the MySQL/MariaDB server without a default database. */
export async function mysqlAdmin(sql: string): Promise<void> {
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection({ uri: MYSQL.url });
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}
