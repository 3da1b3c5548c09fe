import { type EntityStats, recordChecksum, type SourceStats } from '@madeup/contract';
import type { Model } from '../model/model.ts';
import type { Db, Row } from '../storage/dynamic-database.ts';
import type { StorageDialect } from '../storage/storage-dialect.ts';

const PAGE = 10_000;
const MASK = (1n << 64n) - 1n;

/**
 * Per entity, the number of live (not deleted) records of `source` and the `combineChecksum` of
 * their (externalId, contentHash): what a loader recomputes from the results it received. Computed by
 * the database where the dialect can (`StorageDialect.sourceChecksum`): one aggregate per entity,
 * all sent at once, so the server computes them side by side on the tenant's pool (a loader waits
 * for this at the end of a run, with nothing else to do); else by reading the rows, one entity
 * after the other.
 */
export async function sourceStats(
  db: Db,
  model: Model,
  source: string,
  dialect?: StorageDialect,
): Promise<SourceStats> {
  const checksum = dialect?.sourceChecksum;
  if (checksum !== undefined) {
    const entities = await Promise.all(
      model.entities.map(async (entity): Promise<EntityStats> => {
        const { count, sum } = await checksum.call(dialect, db, entity.table, source);
        return { entity: entity.name, count, checksum: sum.toString(16).padStart(16, '0') };
      }),
    );
    return { source, entities };
  }
  const entities: EntityStats[] = [];
  for (const entity of model.entities) {
    let count = 0;
    let sum = 0n;
    let after: string | undefined;
    for (;;) {
      let query = db
        .selectFrom(entity.table)
        .select(['external_id', 'content_hash'])
        .where('source', '=', source)
        .where('row_deleted_at', 'is', null)
        .orderBy('external_id')
        .limit(PAGE);
      // Paged over the unique (source, external_id) index: a range every dialect reads in order.
      if (after !== undefined) query = query.where('external_id', '>', after);
      const rows = (await query.execute()) as Row[];
      for (const row of rows)
        sum = (sum + recordChecksum(String(row['external_id']), String(row['content_hash']))) & MASK;
      count += rows.length;
      if (rows.length < PAGE) break;
      after = String(rows.at(-1)?.['external_id']);
    }
    entities.push({ entity: entity.name, count, checksum: sum.toString(16).padStart(16, '0') });
  }
  return { source, entities };
}
