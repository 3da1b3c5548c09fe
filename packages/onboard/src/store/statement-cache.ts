import type Database from 'better-sqlite3';

/** Distinct statements kept: the run store's per-batch ones, and rejection INSERTs of every size seen. */
const MAX_STATEMENTS = 256;

/**
 * Makes `database.prepare` return the statement it compiled before for the same SQL text. Kysely's
 * SQLite driver prepares every query anew: for the run store, that is several statements for
 * each batch recorded, each compiled by SQLite again. Safe because the store runs statements with
 * `all`/`run` only, one at a time on its single connection (never an open `iterate`, which a reuse
 * would disturb). When full, the cache starts again empty.
 */
export function cacheStatements(database: Database.Database): void {
  const prepare = database.prepare.bind(database);
  const statements = new Map<string, Database.Statement>();
  database.prepare = ((source: string) => {
    let statement = statements.get(source);
    if (statement === undefined) {
      if (statements.size >= MAX_STATEMENTS) statements.clear();
      statement = prepare(source);
      statements.set(source, statement);
    }
    return statement;
  }) as typeof database.prepare;
}
