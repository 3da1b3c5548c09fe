import type { CompiledEntity } from '../model/compiled-entity.ts';
import type { Db } from './dynamic-database.ts';
import type { StorageDialect } from './storage-dialect.ts';

/**
 * Adds the columns of fields the model gained since `entity`'s table was created, and fills those
 * that have a default in every existing row. Tables created from the current model (new tenants:
 * the first migration derives them from it) already have them and are left alone.
 */
export async function addMissingColumns(
  db: Db,
  dialect: StorageDialect,
  entity: CompiledEntity,
): Promise<string[]> {
  const added: string[] = [];
  for (const leaf of entity.leaves) {
    if (await dialect.columnExists(db, entity.table, leaf.column)) continue;
    await db.schema
      .alterTable(entity.table)
      .addColumn(leaf.column, dialect.columnType(leaf.kind.storage(leaf.def)))
      .execute();
    if (leaf.def.default !== undefined)
      await db
        .updateTable(entity.table)
        .set({ [leaf.column]: leaf.kind.toDb(leaf.def.default) })
        .where(leaf.column, 'is', null)
        .execute();
    added.push(leaf.column);
  }
  return added;
}
