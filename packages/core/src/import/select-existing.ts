import type { CompiledEntity } from '../model/compiled-entity.ts';
import { timestampKind } from '../model/kinds/timestamp-kind.ts';
import type { Queryable, Row } from '../storage/dynamic-database.ts';
import { chunk } from './chunk.ts';
import { decodeRow, type StoredRecord } from './stored-record.ts';

const IN_LIST = 1000;

/** Reads the records of `source` with the given external ids: one query per 1000 ids. */
export async function selectExisting(
  db: Queryable,
  entity: CompiledEntity,
  source: string,
  externalIds: readonly string[],
  forUpdate: boolean,
): Promise<Map<string, StoredRecord>> {
  const found = new Map<string, StoredRecord>();
  for (const ids of chunk([...externalIds].sort(), IN_LIST)) {
    let query = db
      .selectFrom(entity.table)
      .selectAll()
      .where('source', '=', source)
      .where('external_id', 'in', ids)
      .orderBy('external_id');
    if (forUpdate) query = query.forUpdate();
    const rows = (await query.execute()) as Row[];
    for (const row of rows) {
      const record = decodeRow(entity, row, timestampKind.fromDb);
      found.set(record.externalId, record);
    }
  }
  return found;
}

/** Parent ids by external id, for the parents of `target`'s table in `source`. */
export async function selectIds(
  db: Queryable,
  table: string,
  source: string,
  externalIds: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const ids of chunk(externalIds, IN_LIST)) {
    const rows = (await db
      .selectFrom(table)
      .select(['id', 'external_id'])
      .where('source', '=', source)
      .where('external_id', 'in', ids)
      .execute()) as Row[];
    for (const row of rows) found.set(String(row['external_id']), String(row['id']));
  }
  return found;
}
