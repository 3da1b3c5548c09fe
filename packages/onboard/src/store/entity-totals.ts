import type { Kysely } from 'kysely';
import type { EntityTotals } from './run-records.ts';
import type { StoreDatabase } from './store-schema.ts';
import { sumChecksums } from './sum-checksums.ts';

/** Sums a run's batches per entity: counts in SQL, checksums (sums modulo 2^64) here. */
export async function queryEntityTotals(db: Kysely<StoreDatabase>, runId: string): Promise<EntityTotals[]> {
  const sums = await db
    .selectFrom('onboard_batches')
    .select((eb) => [
      'entity',
      eb.fn.sum<string | number>('rows_read').as('read'),
      eb.fn.sum<string | number>('skipped').as('skipped'),
      eb.fn.sum<string | number>('created').as('created'),
      eb.fn.sum<string | number>('updated').as('updated'),
      eb.fn.sum<string | number>('unchanged').as('unchanged'),
      eb.fn.sum<string | number>('rejected').as('rejected'),
      eb.fn.countAll<string | number>().as('batches'),
      eb.fn.sum<string | number>('checksum_count').as('checksum_count'),
      eb.fn.sum<string | number>('duration_ms').as('duration_ms'),
    ])
    .where('run_id', '=', runId)
    .groupBy('entity')
    .execute();
  const checksums = new Map<string, string[]>();
  const rows = await db
    .selectFrom('onboard_batches')
    .select(['entity', 'checksum'])
    .where('run_id', '=', runId)
    .execute();
  // Appended in place: copying the list at each batch was quadratic (a run of 200,000 batches kept
  // `status`, `runs` and the end of the run itself busy for minutes).
  for (const row of rows) {
    const list = checksums.get(row.entity);
    if (list === undefined) checksums.set(row.entity, [row.checksum]);
    else list.push(row.checksum);
  }
  return sums.map((s) => ({
    entity: s.entity,
    read: Number(s.read),
    skipped: Number(s.skipped),
    created: Number(s.created),
    updated: Number(s.updated),
    unchanged: Number(s.unchanged),
    rejected: Number(s.rejected),
    batches: Number(s.batches),
    checksumCount: Number(s.checksum_count),
    checksum: sumChecksums(checksums.get(s.entity) ?? []),
    durationMs: Number(s.duration_ms),
  }));
}
