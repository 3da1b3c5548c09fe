import type Database from 'better-sqlite3';

const MAX_STATEMENTS = 100;

/**
 * Makes `database.prepare` reuse the compiled statement of a SQL text it has seen before, so a
 * statement is compiled once per connection instead of once per run: the 1000-row INSERT of a
 * batch, and as well the handful of short ones every batch runs (`BEGIN IMMEDIATE`, `COMMIT`, the
 * reference epoch, the pending-reference probe, the catalog's audit row), whose preparing cost
 * about as much as running them. Kysely sends values as parameters, so the texts are few. Safe
 * because core runs statements with `all`/`run` only (never an open `iterate` that a reuse would
 * disturb).
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
