import type { CompiledEntity } from '../model/compiled-entity.ts';
import { timestampKind } from '../model/kinds/timestamp-kind.ts';
import { selectByKeys } from '../storage/bulk-sql.ts';
import type { Queryable } from '../storage/dynamic-database.ts';
import type { SqlSyntax } from '../storage/sql-syntax.ts';
import { chunk } from './chunk.ts';
import { decodeRow, type StoredRecord } from './stored-record.ts';

const IN_LIST = 1000;

/** Reads the records of `source` with the given external ids: one query per 1000 ids. */
export async function selectExisting(
  db: Queryable,
  syntax: SqlSyntax,
  entity: CompiledEntity,
  source: string,
  externalIds: readonly string[],
  forUpdate: boolean,
): Promise<Map<string, StoredRecord>> {
  const found = new Map<string, StoredRecord>();
  for (const ids of chunk([...externalIds].sort(), IN_LIST)) {
    const rows = await selectByKeys(db, syntax, entity.table, '*', source, 'external_id', ids, forUpdate);
    for (const row of rows) {
      const record = decodeRow(entity, row, timestampKind.fromDb);
      found.set(record.externalId, record);
    }
  }
  return found;
}

/** Ids by external id of the records of `table` in `source`. */
export async function selectIds(
  db: Queryable,
  syntax: SqlSyntax,
  table: string,
  source: string,
  externalIds: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const ids of chunk(externalIds, IN_LIST))
    for (const row of await selectByKeys(
      db,
      syntax,
      table,
      ['id', 'external_id'],
      source,
      'external_id',
      ids,
      false,
    ))
      found.set(String(row['external_id']), String(row['id']));
  return found;
}
