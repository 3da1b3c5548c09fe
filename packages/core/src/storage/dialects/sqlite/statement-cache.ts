import type Database from 'better-sqlite3';

const MAX_STATEMENTS = 100;
/** Shorter texts are cheap to compile; only the long multi-row statements are worth keeping. */
const MIN_LENGTH = 300;

/**
 * Makes `database.prepare` reuse the compiled statement of a long SQL text it has seen before, so
 * a 1000-row INSERT is compiled once per shape instead of once per batch. Safe because core runs
 * statements with `all`/`run` only (never an open `iterate` that a reuse would disturb).
 */
export function cacheStatements(database: Database.Database): void {
  const prepare = database.prepare.bind(database);
  const statements = new Map<string, Database.Statement>();
  database.prepare = ((source: string) => {
    if (source.length < MIN_LENGTH) return prepare(source);
    let statement = statements.get(source);
    if (statement === undefined) {
      if (statements.size >= MAX_STATEMENTS) statements.clear();
      statement = prepare(source);
      statements.set(source, statement);
    }
    return statement;
  }) as typeof database.prepare;
}
