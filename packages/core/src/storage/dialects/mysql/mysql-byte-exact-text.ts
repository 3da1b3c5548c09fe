import { sql } from 'kysely';
import type { Db } from '../../dynamic-database.ts';

/**
 * Byte-for-byte, no-pad utf8mb4 collations, preferred first: MariaDB's (10.2+) and MySQL 8's.
 * `utf8mb4_bin` is not enough: it is a PAD SPACE collation, so `'keepme' = 'keepme '` and the
 * unique key refuses both; under these, ids differing by case, trailing spaces, accents or Unicode
 * normalisation are distinct.
 */
export const NO_PAD_BINARY = ['utf8mb4_nopad_bin', 'utf8mb4_0900_bin'] as const;

/** The statement listing which of `NO_PAD_BINARY` a server knows (column `name`). */
export const NO_PAD_BINARY_QUERY = `SELECT COLLATION_NAME AS name FROM information_schema.COLLATIONS WHERE COLLATION_NAME IN (${NO_PAD_BINARY.map((c) => `'${c}'`).join(', ')})`;

/** The preferred collation among the `rows` of `NO_PAD_BINARY_QUERY`. */
export function pickNoPadBinary(rows: readonly { name: string }[]): string {
  const names = new Set(rows.map((r) => r.name));
  const collation = NO_PAD_BINARY.find((c) => names.has(c));
  if (collation === undefined)
    throw new Error(
      `the server has none of the collations ${NO_PAD_BINARY.join(', ')} (MariaDB 10.2+ or MySQL 8 needed)`,
    );
  return collation;
}

/**
 * Converts the database's default and every table of `tables` that still has a text column of
 * another collation (tenants created before byte-exact keys); tables created under the right
 * default are left alone, so a new tenant pays nothing.
 */
export async function mysqlMakeTextByteExact(db: Db, tables: readonly string[]): Promise<void> {
  const collation = pickNoPadBinary(
    (await sql<{ name: string }>`${sql.raw(NO_PAD_BINARY_QUERY)}`.execute(db)).rows,
  );
  await sql`ALTER DATABASE CHARACTER SET utf8mb4 COLLATE ${sql.raw(collation)}`.execute(db);
  const stale = await sql<{ name: string }>`
    SELECT DISTINCT TABLE_NAME AS name FROM information_schema.COLUMNS
    WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME IS NOT NULL AND COLLATION_NAME <> ${collation}`.execute(
    db,
  );
  const wanted = new Set(tables);
  for (const { name } of stale.rows)
    if (wanted.has(name))
      await sql`ALTER TABLE ${sql.table(name)} CONVERT TO CHARACTER SET utf8mb4 COLLATE ${sql.raw(collation)}`.execute(
        db,
      );
}
