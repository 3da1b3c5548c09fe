import type { CompiledEntity } from '../model/compiled-entity.ts';
import { timestampKind } from '../model/kinds/timestamp-kind.ts';
import { type IdLookup, selectByKeys, selectIdsOfTables } from '../storage/bulk-sql.ts';
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

/**
 * For each lookup (a parent table and external ids), the ids by external id of its records in
 * `source`: one statement for all of them (`selectIdsOfTables`), or one per round while a lookup
 * has more than 1000 ids.
 */
export async function selectIdsOfMany(
  db: Queryable,
  syntax: SqlSyntax,
  source: string,
  lookups: readonly IdLookup[],
): Promise<Map<string, string>[]> {
  const found = lookups.map(() => new Map<string, string>());
  const rounds = Math.max(0, ...lookups.map((l) => Math.ceil(l.keys.length / IN_LIST)));
  for (let round = 0; round < rounds; round++) {
    const part = lookups.map((l) => ({
      table: l.table,
      keys: l.keys.slice(round * IN_LIST, (round + 1) * IN_LIST),
    }));
    for (const row of await selectIdsOfTables(db, syntax, source, part))
      found[Number(row['k'])]?.set(String(row['external_id']), String(row['id']));
  }
  return found;
}
