import type { DeleteBatchResponse, DeleteOutcome } from '@madeup/contract';
import type { CompiledEntity } from '../model/compiled-entity.ts';
import { timestampKind } from '../model/kinds/timestamp-kind.ts';
import { selectByKeys } from '../storage/bulk-sql.ts';
import type { Db, Queryable } from '../storage/dynamic-database.ts';
import { bumpReferenceEpoch } from '../storage/reference-epoch.ts';
import type { StorageDialect } from '../storage/storage-dialect.ts';
import { chunk } from './chunk.ts';
import { canonicalNow } from './now.ts';
import { withRetry } from './with-retry.ts';

/**
 * Marks records of `source` as deleted (soft delete), set-based; results in input order. A delete
 * that finds records raises the tenant's reference epoch in its transaction, so every core process
 * empties its reference cache of that tenant before its next batch (`import/reference-cache.ts`).
 */
export async function deleteBatch(input: {
  db: Db;
  dialect: StorageDialect;
  entity: CompiledEntity;
  source: string;
  externalIds: readonly string[];
  dryRun: boolean;
}): Promise<DeleteBatchResponse> {
  const { db, dialect, entity, source, dryRun } = input;
  // Sorted, so concurrent batches lock rows in one order (as imports do) and wait rather than deadlock.
  const unique = [...new Set(input.externalIds)].sort();
  // The rows are read locked (SQLite: `BEGIN IMMEDIATE` holds the database), and only the live rows
  // read are updated: read unlocked, two deletes of one record at once both answered `deleted`, and a
  // delete racing the import that restored a record answered `unchanged` yet deleted it; updating
  // every id asked for, a delete racing the import that created one of them answered `not_found`
  // yet deleted it (its UPDATE saw the row committed after its read).
  const lock = !dryRun && dialect.syntax.supportsForUpdate;
  const work = async (q: Queryable) => {
    const state = new Map<string, boolean>();
    let found = false;
    for (const ids of chunk(unique, 1000)) {
      const columns = ['external_id', 'row_deleted_at'];
      const rows = await selectByKeys(
        q,
        dialect.syntax,
        entity.table,
        columns,
        source,
        'external_id',
        ids,
        lock,
      );
      const live: string[] = [];
      for (const row of rows) {
        const deleted = row['row_deleted_at'] !== null;
        state.set(String(row['external_id']), deleted);
        if (!deleted) live.push(String(row['external_id']));
      }
      if (rows.length > 0) found = true;
      if (!dryRun && live.length > 0) {
        const now = timestampKind.toDb(canonicalNow());
        await q
          .updateTable(entity.table)
          .set({ row_deleted_at: now, row_updated_at: now })
          .where('source', '=', source)
          .where('external_id', 'in', live)
          .where('row_deleted_at', 'is', null)
          .execute();
      }
    }
    if (found && !dryRun) await bumpReferenceEpoch(q);
    return state;
  };
  const state = dryRun
    ? await dialect.snapshotRead(db, work)
    : await withRetry(dialect, () => dialect.writeTransaction(db, work));
  const seen = new Set<string>();
  const counts = { deleted: 0, unchanged: 0, not_found: 0 };
  const results = input.externalIds.map((externalId) => {
    const deletedBefore = state.get(externalId);
    const outcome: DeleteOutcome =
      deletedBefore === undefined
        ? 'not_found'
        : deletedBefore || seen.has(externalId)
          ? 'unchanged'
          : 'deleted';
    seen.add(externalId);
    counts[outcome] += 1;
    return { externalId, outcome };
  });
  return { entity: entity.name, source, dryRun, counts, results };
}
