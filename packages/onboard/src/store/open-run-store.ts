import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { redactUrl, stripSecrets } from '../config/redact-url.ts';
import { OnboardError } from '../errors/onboard-error.ts';
import { RunStore } from './run-store.ts';
import { migrationProvider } from './store-migrations.ts';
import type { StoreDatabase } from './store-schema.ts';

/** Where the run store lives when no URL is given. */
export const DEFAULT_STORE = '.onboard/runs.sqlite';

/** The store could not be opened or migrated; the message never holds a password. */
export class StoreOpenError extends OnboardError {
  override readonly name = 'StoreOpenError';
  constructor(message: string, options?: ErrorOptions) {
    super('config', message, options);
  }
}

/**
 * Opens the run store and brings its tables up to date: PostgreSQL for `postgres://` URLs, SQLite
 * for `sqlite:PATH` or a plain file path (created with its folder when missing).
 */
export async function openRunStore(location: string = DEFAULT_STORE): Promise<RunStore> {
  const db = new Kysely<StoreDatabase>({ dialect: dialectFor(location) });
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: 'onboard_migration',
    migrationLockTableName: 'onboard_migration_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) {
    await db.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreOpenError(`cannot prepare the run store at ${describeStore(location)}: ${reason}`);
  }
  return new RunStore(db);
}

/** The store's location, safe to print. */
export function describeStore(location: string): string {
  return /^postgres(ql)?:/.test(location) ? redactUrl(location) : sqlitePath(location);
}

/** The store's location for other processes: the password removed (they supply it, e.g. PGPASSWORD). */
export function storeCoordinate(location: string): string {
  return /^postgres(ql)?:/.test(location) ? stripSecrets(location) : sqlitePath(location);
}

function dialectFor(location: string) {
  if (/^postgres(ql)?:/.test(location)) {
    const pool = new pg.Pool({ connectionString: location, max: 4 });
    pool.on('error', () => {});
    return new PostgresDialect({ pool });
  }
  const path = sqlitePath(location);
  mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 10000');
  database.pragma('foreign_keys = ON');
  return new SqliteDialect({ database });
}

function sqlitePath(location: string): string {
  const path = location.replace(/^sqlite:(\/\/)?/, '');
  if (path === '') throw new StoreOpenError('the run store location is empty');
  return resolve(path);
}
