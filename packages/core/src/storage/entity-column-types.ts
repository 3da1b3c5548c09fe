import { MAX_EXTERNAL_ID_LENGTH, MAX_SOURCE_NAME_LENGTH } from '@madeup/contract';
import type { CompiledEntity } from '../model/compiled-entity.ts';
import type { ColumnType } from './column-type.ts';

const cache = new WeakMap<CompiledEntity, ReadonlyMap<string, ColumnType>>();

/** The type of every column of an entity's table (as `createEntityTable` declares them), by name. */
export function entityColumnTypes(entity: CompiledEntity): ReadonlyMap<string, ColumnType> {
  const found = cache.get(entity);
  if (found !== undefined) return found;
  const types = new Map<string, ColumnType>([
    ['id', { kind: 'id' }],
    ['source', { kind: 'varchar', length: MAX_SOURCE_NAME_LENGTH }],
    ['external_id', { kind: 'varchar', length: MAX_EXTERNAL_ID_LENGTH }],
    ['content_hash', { kind: 'varchar', length: 64 }],
    ['row_created_at', { kind: 'timestamp' }],
    ['row_updated_at', { kind: 'timestamp' }],
    ['row_deleted_at', { kind: 'timestamp' }],
  ]);
  for (const leaf of entity.leaves) types.set(leaf.column, leaf.kind.storage(leaf.def));
  for (const ref of entity.refs) {
    types.set(ref.idColumn, { kind: 'bigint' });
    types.set(ref.xidColumn, { kind: 'varchar', length: MAX_EXTERNAL_ID_LENGTH });
  }
  cache.set(entity, types);
  return types;
}
