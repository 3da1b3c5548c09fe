import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Db, DynamicDatabase } from '../../dynamic-database.ts';
import { cacheStatements } from './statement-cache.ts';
import { YieldPlugin } from './yield-plugin.ts';

/**
 * A Kysely instance over one better-sqlite3 connection in WAL mode with foreign keys on, long
 * statements cached, and a turn of the event loop after each statement (`YieldPlugin`).
 */
export function openSqlite(path: string): Db {
  return new Kysely<DynamicDatabase>({
    dialect: new SqliteDialect({
      database: async () => {
        const database = new Database(path, { timeout: 10_000 });
        database.pragma('journal_mode = WAL');
        database.pragma('synchronous = NORMAL');
        database.pragma('foreign_keys = ON');
        cacheStatements(database);
        return database;
      },
    }),
    plugins: [new YieldPlugin()],
  });
}
