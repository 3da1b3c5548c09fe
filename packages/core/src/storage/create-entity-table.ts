import { MAX_EXTERNAL_ID_LENGTH, MAX_SOURCE_NAME_LENGTH } from '@madeup/contract';
import type { CreateTableBuilder } from 'kysely';
import type { CompiledEntity } from '../model/compiled-entity.ts';
import type { Model } from '../model/model.ts';
import type { Db } from './dynamic-database.ts';
import type { StorageDialect } from './storage-dialect.ts';

/** Creates the table of one entity: system columns, one column per leaf field, two per reference. */
export async function createEntityTable(
  db: Db,
  dialect: StorageDialect,
  model: Model,
  entity: CompiledEntity,
) {
  const type = dialect.columnType.bind(dialect);
  let table: CreateTableBuilder<string, string> = db.schema
    .createTable(entity.table)
    .addColumn('id', type({ kind: 'id' }), (c) => c.primaryKey().notNull())
    .addColumn('source', type({ kind: 'varchar', length: MAX_SOURCE_NAME_LENGTH }), (c) => c.notNull())
    .addColumn('external_id', type({ kind: 'varchar', length: MAX_EXTERNAL_ID_LENGTH }), (c) => c.notNull())
    .addColumn('content_hash', type({ kind: 'varchar', length: 64 }), (c) => c.notNull())
    .addColumn('row_created_at', type({ kind: 'timestamp' }), (c) => c.notNull())
    .addColumn('row_updated_at', type({ kind: 'timestamp' }), (c) => c.notNull())
    .addColumn('row_deleted_at', type({ kind: 'timestamp' }));
  for (const leaf of entity.leaves) table = table.addColumn(leaf.column, type(leaf.kind.storage(leaf.def)));
  for (const ref of entity.refs) {
    const parent = model.get(ref.target)?.table ?? ref.target;
    table = table.addColumn(ref.idColumn, type({ kind: 'bigint' }), (c) =>
      dialect.foreignKeysInline ? c.references(`${parent}.id`) : c,
    );
    table = table.addColumn(ref.xidColumn, type({ kind: 'varchar', length: MAX_EXTERNAL_ID_LENGTH }));
  }
  await table.addUniqueConstraint(`${entity.table}_source_xid`, ['source', 'external_id']).execute();
  for (const ref of entity.refs)
    await db.schema
      .createIndex(`${entity.table}_${ref.xidColumn}`)
      .on(entity.table)
      .columns(['source', ref.xidColumn])
      .execute();
}

/** Adds the foreign keys of every reference, once all tables exist (dialects with ALTER ... ADD CONSTRAINT). */
export async function addForeignKeys(db: Db, model: Model, entity: CompiledEntity): Promise<void> {
  for (const ref of entity.refs) {
    const parent = model.get(ref.target)?.table ?? ref.target;
    await db.schema
      .alterTable(entity.table)
      .addForeignKeyConstraint(`${entity.table}_${ref.idColumn}_fk`, [ref.idColumn], parent, ['id'])
      .execute();
  }
}
