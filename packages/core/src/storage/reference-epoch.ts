import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from './dynamic-database.ts';
import type { StorageDialect } from './storage-dialect.ts';

/**
 * The tenant table of one row that says which ids core may still take from its reference cache
 * (`import/reference-cache.ts`): `token`, drawn at random when the database is created (migrated),
 * so a database dropped and created again under the same name never matches what a process cached
 * from the one before; and `generation`, raised by every transaction that deletes records.
 */
export const REFERENCE_EPOCH_TABLE = 'madeup_reference_epoch';

/** The tenant migration: the table and its one row, with a token of its own. */
export async function createReferenceEpoch(db: Db, dialect: StorageDialect): Promise<void> {
  await db.schema
    .createTable(REFERENCE_EPOCH_TABLE)
    .addColumn('token', dialect.columnType({ kind: 'varchar', length: 64 }), (c) => c.primaryKey())
    .addColumn('generation', dialect.columnType({ kind: 'bigint' }), (c) => c.notNull())
    .execute();
  await db.insertInto(REFERENCE_EPOCH_TABLE).values({ token: randomUUID(), generation: 0 }).execute();
}

/** The epoch as read in `q` (a transaction, so the statements after it see the same database): `token:generation`. */
export async function readReferenceEpoch(q: Queryable): Promise<string> {
  const row = await q.selectFrom(REFERENCE_EPOCH_TABLE).select(['token', 'generation']).executeTakeFirst();
  if (row === undefined) throw new Error(`${REFERENCE_EPOCH_TABLE} has no row`);
  return `${String(row['token'])}:${String(row['generation'])}`;
}

/** Raises the generation, in the transaction that deletes records (so it commits with them). */
export async function bumpReferenceEpoch(q: Queryable): Promise<void> {
  await q
    .updateTable(REFERENCE_EPOCH_TABLE)
    .set((eb) => ({ generation: eb('generation', '+', 1) }))
    .execute();
}
