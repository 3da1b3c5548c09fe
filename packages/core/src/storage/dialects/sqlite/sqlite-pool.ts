import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Db, DynamicDatabase } from '../../dynamic-database.ts';
import { cacheStatements } from './statement-cache.ts';
import { YieldPlugin } from './yield-plugin.ts';

/** The better-sqlite3 connection of each pool `openSqlite` made, once Kysely has opened it. */
const connections = new WeakMap<Db, { database?: Database.Database }>();

/**
 * A Kysely instance over one better-sqlite3 connection in WAL mode with foreign keys on, long
 * statements cached, and a turn of the event loop after each statement (`YieldPlugin`).
 */
export function openSqlite(path: string): Db {
  const opened: { database?: Database.Database } = {};
  const db = new Kysely<DynamicDatabase>({
    dialect: new SqliteDialect({
      database: async () => {
        const database = new Database(path, { timeout: 10_000 });
        database.pragma('journal_mode = WAL');
        database.pragma('synchronous = NORMAL');
        database.pragma('foreign_keys = ON');
        cacheStatements(database);
        opened.database = database;
        return database;
      },
    }),
    plugins: [new YieldPlugin()],
  });
  connections.set(db, opened);
  return db;
}

/** The connection under a pool of `openSqlite`, once it has run a statement; undefined for any other. */
export function sqliteDatabase(db: Db): Database.Database | undefined {
  return connections.get(db)?.database;
}
