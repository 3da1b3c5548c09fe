import type Database from 'better-sqlite3';
import { type DialectAdapter, type Kysely, SqliteAdapter, SqliteDialect, sql } from 'kysely';

/**
 * Kysely's SQLite adapter takes no migration lock (it assumes one process per file), so two
 * `onboard run` started at once on a new store both created its tables, and one failed ("table
 * onboard_runs already exists", or a migration half applied twice). This one holds a write
 * transaction (`BEGIN IMMEDIATE`, which waits up to the connection's busy_timeout for another
 * writer) from before the migrator reads which migrations ran until after the last one: the
 * second process waits, then finds the store up to date.
 */
class LockingSqliteAdapter extends SqliteAdapter {
  readonly #database: Database.Database;

  constructor(database: Database.Database) {
    super();
    this.#database = database;
  }

  override async acquireMigrationLock(db: Kysely<unknown>): Promise<void> {
    await sql`begin immediate`.execute(db);
  }

  override async releaseMigrationLock(db: Kysely<unknown>): Promise<void> {
    // Not in a transaction when `begin immediate` itself failed (busy past the timeout).
    if (this.#database.inTransaction) await sql`commit`.execute(db);
  }
}

/** Kysely's SQLite dialect over `database`, its migrations locked against other processes. */
export class LockingSqliteDialect extends SqliteDialect {
  readonly #database: Database.Database;

  constructor(database: Database.Database) {
    super({ database });
    this.#database = database;
  }

  override createAdapter(): DialectAdapter {
    return new LockingSqliteAdapter(this.#database);
  }
}
