import type { Kysely } from 'kysely';
import type { EntityTotals } from './run-records.ts';
import type { StoreDatabase } from './store-schema.ts';

/** An entity's counts over a run, without the checksums (what a display needs, read cheaply). */
export type EntityCounts = Pick<
  EntityTotals,
  'entity' | 'read' | 'skipped' | 'created' | 'updated' | 'unchanged' | 'rejected' | 'batches'
>;

/** Run ids per statement, under every dialect's bound-parameter limit. */
const IDS_PER_QUERY = 500;

/**
 * Per run and entity, the sums of the runs' batches, in one grouped query per 500 runs (what the
 * console polls; `queryEntityTotals` also reads every batch's checksum, which it does not need).
 */
export async function queryEntityCounts(
  db: Kysely<StoreDatabase>,
  runIds: readonly string[],
): Promise<Map<string, EntityCounts[]>> {
  const counts = new Map<string, EntityCounts[]>(runIds.map((id) => [id, []]));
  for (let i = 0; i < runIds.length; i += IDS_PER_QUERY) {
    const rows = await db
      .selectFrom('onboard_batches')
      .select((eb) => [
        'run_id',
        'entity',
        eb.fn.sum<string | number>('rows_read').as('read'),
        eb.fn.sum<string | number>('skipped').as('skipped'),
        eb.fn.sum<string | number>('created').as('created'),
        eb.fn.sum<string | number>('updated').as('updated'),
        eb.fn.sum<string | number>('unchanged').as('unchanged'),
        eb.fn.sum<string | number>('rejected').as('rejected'),
        eb.fn.countAll<string | number>().as('batches'),
      ])
      .where('run_id', 'in', runIds.slice(i, i + IDS_PER_QUERY))
      .groupBy(['run_id', 'entity'])
      .execute();
    for (const r of rows) {
      counts.get(r.run_id)?.push({
        entity: r.entity,
        read: Number(r.read),
        skipped: Number(r.skipped),
        created: Number(r.created),
        updated: Number(r.updated),
        unchanged: Number(r.unchanged),
        rejected: Number(r.rejected),
        batches: Number(r.batches),
      });
    }
  }
  return counts;
}
