import { sql } from 'kysely';
import type { Db } from '../../dynamic-database.ts';
import { errorCode } from '../../network-errors.ts';

/**
 * Byte-for-byte, no-pad utf8mb4 collations, preferred first: MariaDB's (10.2+) and MySQL 8's.
 * `utf8mb4_bin` is not enough: it is a PAD SPACE collation, so `'keepme' = 'keepme '` and the
 * unique key refuses both; under these, ids differing by case, trailing spaces, accents or Unicode
 * normalisation are distinct.
 */
export const NO_PAD_BINARY = ['utf8mb4_nopad_bin', 'utf8mb4_0900_bin'] as const;

/** Runs one SQL statement on some connection. */
type RunStatement = (statement: string) => Promise<unknown>;

/**
 * The first of `NO_PAD_BINARY` the server knows, found by using it rather than by reading
 * information_schema: MariaDB 10.11 crashed (signal 11, in its temporary table for an
 * information_schema query) while many test databases were being created and dropped.
 */
export async function noPadBinaryCollation(run: RunStatement): Promise<string> {
  for (const collation of NO_PAD_BINARY)
    try {
      await run(`SELECT _utf8mb4'a' COLLATE ${collation}`);
      return collation;
    } catch (error) {
      if (!isUnknownCollation(error)) throw error;
    }
  throw new Error(
    `the server has none of the collations ${NO_PAD_BINARY.join(', ')} (MariaDB 10.2+ or MySQL 8 needed)`,
  );
}

/** True when `error` says a collation is unknown (MySQL/MariaDB error 1273). */
function isUnknownCollation(error: unknown): boolean {
  return errorCode(error) === 'ER_UNKNOWN_COLLATION';
}

/**
 * Converts every table of `tables`, then the database's default, to a no-pad binary collation.
 * A database whose default already is one (created so, or converted before) is left alone, so a
 * new tenant pays nothing; the default changes last, so an interrupted conversion is redone.
 */
export async function mysqlMakeTextByteExact(db: Db, tables: readonly string[]): Promise<void> {
  const collation = await noPadBinaryCollation((statement) => sql.raw(statement).execute(db));
  const current = await sql<{ c: string }>`SELECT @@collation_database AS c`.execute(db);
  if (current.rows[0]?.c === collation) return;
  for (const table of tables)
    await sql`ALTER TABLE ${sql.table(table)} CONVERT TO CHARACTER SET utf8mb4 COLLATE ${sql.raw(collation)}`.execute(
      db,
    );
  await sql`ALTER DATABASE CHARACTER SET utf8mb4 COLLATE ${sql.raw(collation)}`.execute(db);
}
