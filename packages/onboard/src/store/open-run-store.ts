import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { type Dialect, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { redactUrl, stripSecrets } from '../config/redact-url.ts';
import { OnboardError } from '../errors/onboard-error.ts';
import { DEFAULT_STORE } from './default-store.ts';
import { RunStore } from './run-store.ts';
import { sqliteBatchWriter } from './sqlite-batch-writer.ts';
import { LockingSqliteDialect } from './sqlite-migration-lock.ts';
import { cacheStatements } from './statement-cache.ts';
import { migrationProvider } from './store-migrations.ts';
import type { StoreDatabase } from './store-schema.ts';

/** The store could not be opened or migrated; the message never holds a password. */
export class StoreOpenError extends OnboardError {
  override readonly name = 'StoreOpenError';
  constructor(message: string, options?: ErrorOptions) {
    super('config', message, options);
  }
}

/**
 * There is no run store at the location a reading command was given (`runs`, `report`, `status`,
 * `prune`, `resume`): most likely a typo in `--store`. Reading commands never create one.
 */
export class StoreMissingError extends OnboardError {
  override readonly name = 'StoreMissingError';
  constructor(location: string) {
    super(
      'config',
      `no run store at ${describeStore(location)}: check --store (or ONBOARD_STORE); \`onboard run\` creates it`,
    );
  }
}

/**
 * `create` (default, for `run`): a missing store is created (a SQLite file with its folder, or the
 * tables in a PostgreSQL database). `existing` (reading commands): a missing store is a
 * `StoreMissingError`, and nothing is written when it is missing.
 */
export type StoreOpenMode = 'create' | 'existing';

/**
 * Opens the run store and brings its tables up to date: PostgreSQL for `postgres://` URLs, SQLite
 * for `sqlite:PATH` or a plain file path (created with its folder when missing, in `create` mode).
 */
export async function openRunStore(
  location: string = DEFAULT_STORE,
  mode: StoreOpenMode = 'create',
): Promise<RunStore> {
  const postgres = /^postgres(ql)?:/.test(location);
  if (mode === 'existing' && !postgres && !existsSync(sqlitePath(location)))
    throw new StoreMissingError(location);
  const { dialect, database } = await dialectFor(location);
  const db = new Kysely<StoreDatabase>({ dialect });
  if (mode === 'existing' && postgres && !(await hasStoreTables(db, location))) {
    await db.destroy();
    throw new StoreMissingError(location);
  }
  return migrated(db, location, database);
}

/**
 * A store in memory, empty and private to this process: what `plan` reads watermarks from when
 * there is no run store yet (it writes nothing, so it must not create one).
 */
export async function openEmptyRunStore(): Promise<RunStore> {
  const database = new Database(':memory:');
  database.pragma('foreign_keys = ON');
  return migrated(
    new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database }) }),
    ':memory:',
    database,
  );
}

/** Whether a PostgreSQL database holds a run store (its migration table). */
async function hasStoreTables(db: Kysely<StoreDatabase>, location: string): Promise<boolean> {
  try {
    const { rows } = await sql<{
      found: string | null;
    }>`select to_regclass('onboard_migration')::text as found`.execute(db);
    return rows[0]?.found !== null && rows[0]?.found !== undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreOpenError(`cannot open the run store at ${describeStore(location)}: ${reason}`);
  }
}

/** Runs the store's migrations on `db`, then wraps it (`database`: the SQLite connection under it). */
async function migrated(
  db: Kysely<StoreDatabase>,
  location: string,
  database?: Database.Database,
): Promise<RunStore> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: 'onboard_migration',
    migrationLockTableName: 'onboard_migration_lock',
  });
  // An up-to-date store is not locked for migrating (a SQLite lock is a write transaction, which
  // would wait for any writer of the store); the migrator looks again under the lock.
  const pending = (await migrator.getMigrations()).some((m) => m.executedAt === undefined);
  const { error } = pending ? await migrator.migrateToLatest() : { error: undefined };
  if (error !== undefined) {
    await db.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreOpenError(`cannot prepare the run store at ${describeStore(location)}: ${reason}`);
  }
  return new RunStore(db, database === undefined ? undefined : sqliteBatchWriter(database));
}

/** The store's location, safe to print. */
export function describeStore(location: string): string {
  return /^postgres(ql)?:/.test(location) ? redactUrl(location) : sqlitePath(location);
}

/** The store's location for other processes: the password removed (they supply it, e.g. PGPASSWORD). */
export function storeCoordinate(location: string): string {
  return /^postgres(ql)?:/.test(location) ? stripSecrets(location) : sqlitePath(location);
}

/**
 * The store's dialect, and for SQLite its connection. A PostgreSQL store loads `pg` only then (a
 * SQLite store never needs it).
 */
async function dialectFor(location: string): Promise<{ dialect: Dialect; database?: Database.Database }> {
  if (/^postgres(ql)?:/.test(location)) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: location, max: 4 });
    pool.on('error', () => {});
    return { dialect: new PostgresDialect({ pool }) };
  }
  const path = sqlitePath(location);
  const database = openSqliteStore(path);
  cacheStatements(database);
  return { dialect: new LockingSqliteDialect(database), database };
}

/**
 * The SQLite file of a store, opened (and created with its folder when missing). A folder that
 * cannot be written, a part of the path that is a file, or a file that is not a database is a
 * `StoreOpenError` naming the store, instead of SQLite's bare "unable to open database file".
 */
function openSqliteStore(path: string): Database.Database {
  let database: Database.Database | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    database = new Database(path);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('busy_timeout = 10000');
    database.pragma('foreign_keys = ON');
    return database;
  } catch (error) {
    database?.close();
    const { code, message } = error as { code?: string; message?: string };
    const reason =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? `a part of the folder ${dirname(path)} is a file`
        : /^(SQLITE_READONLY|SQLITE_CANTOPEN|EACCES|EROFS)/.test(code ?? '')
          ? `${message ?? code}: the file and its folder must be writable (check --store or ONBOARD_STORE)`
          : code === 'SQLITE_NOTADB'
            ? `${message ?? code}: is --store (or ONBOARD_STORE) a run store?`
            : (message ?? String(error));
    throw new StoreOpenError(`cannot open the run store at ${path}: ${reason}`, { cause: error });
  }
}

function sqlitePath(location: string): string {
  const path = location.replace(/^sqlite:(\/\/)?/, '');
  if (path === '') throw new StoreOpenError('the run store location is empty');
  return resolve(path);
}
