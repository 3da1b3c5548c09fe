import { existsSync, readFileSync } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestDatabase } from './test-database.ts';

/**
 * Where the Chinook sample database lives: `MADEUP_CHINOOK_DIR` when set, else
 * `../shared/datasets/chinook` beside the repository, or beside the main checkout when this is a
 * git worktree (whose `.git` file names the main one's `.git/worktrees/NAME`).
 */
export const CHINOOK_DIR = chinookDir();

function chinookDir(): string {
  const fromEnv = process.env['MADEUP_CHINOOK_DIR'];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
  const beside = join(root, '../shared/datasets/chinook');
  if (existsSync(beside)) return beside;
  try {
    const gitdir = /^gitdir: (.+)$/m.exec(readFileSync(join(root, '.git'), 'utf8'))?.[1];
    if (gitdir !== undefined)
      return join(resolve(root, gitdir.trim()), '../../../../shared/datasets/chinook');
  } catch {
    // not a worktree: keep the path beside the repository
  }
  return beside;
}

/** Chinook's tables as the MySQL and SQLite scripts name them (PostgreSQL: `chinookSnakeCase`). */
export const CHINOOK_TABLES = [
  'Album',
  'Artist',
  'Customer',
  'Employee',
  'Genre',
  'Invoice',
  'InvoiceLine',
  'MediaType',
  'Playlist',
  'PlaylistTrack',
  'Track',
] as const;

/** `PlaylistTrack` -> `playlist_track`, `InvoiceLineId` -> `invoice_line_id`: the PostgreSQL script's names. */
export function chinookSnakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * Loads Chinook into an empty test database: the dialect's own script from the dataset folder,
 * with its DROP/CREATE DATABASE, `USE` and `\c` lines removed in memory so it fills `database`
 * instead of creating `Chinook`, and read so that every server stores the same values (PostgreSQL:
 * plain literals instead of N'…'; MySQL: backslashes are not escapes). SQLite gets a copy of the
 * dataset's database file.
 */
export async function loadChinook(database: TestDatabase): Promise<void> {
  switch (database.dialect) {
    case 'sqlite':
      await copyFile(join(CHINOOK_DIR, 'Chinook_Sqlite.sqlite'), database.url.slice('sqlite:'.length));
      return;
    case 'postgres': {
      // N'…' is a bpchar literal in PostgreSQL, whose cast to varchar drops trailing spaces
      // ('Edinburgh '): plain literals keep the values the other scripts load.
      const script = withoutDatabaseLines(
        await readFile(join(CHINOOK_DIR, 'Chinook_PostgreSql.sql'), 'utf8'),
      ).replace(/([(,]\s*)N'/g, "$1'");
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await client.query(script);
      } finally {
        await client.end();
      }
      return;
    }
    case 'mysql': {
      const script = withoutDatabaseLines(await readFile(join(CHINOOK_DIR, 'Chinook_MySql.sql'), 'utf8'));
      const mysql = await import('mysql2/promise');
      const connection = await mysql.createConnection({
        uri: database.url,
        multipleStatements: true,
        charset: 'utf8mb4',
      });
      try {
        // The script is standard SQL: a backslash in it is a character, not MySQL's escape.
        await connection.query("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')");
        await connection.query(script);
      } finally {
        await connection.end();
      }
      return;
    }
  }
}

function withoutDatabaseLines(script: string): string {
  return script
    .split(/\r?\n/)
    .filter((line) => !/^\s*(DROP DATABASE|CREATE DATABASE|USE\s|\\c\s)/i.test(line))
    .join('\n');
}
