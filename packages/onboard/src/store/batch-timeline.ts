import { type Kysely, sql } from 'kysely';
import type { StoreDatabase } from './store-schema.ts';

/** Rows one entity of a run read and rejected in one second (UTC, `YYYY-MM-DDTHH:MM:SS`). */
export interface TimelinePoint {
  readonly entity: string;
  readonly second: string;
  readonly rows: number;
  readonly rejected: number;
}

/**
 * A run's throughput over time, from the batches it recorded (each stamped `recorded_at` when
 * stored): rows read and rejected per entity and second, oldest first. One row per entity and
 * second that had a batch, so the answer is bounded by the run's length, not its size.
 */
export async function queryBatchTimeline(db: Kysely<StoreDatabase>, runId: string): Promise<TimelinePoint[]> {
  const second = sql<string>`substr(recorded_at, 1, 19)`;
  const rows = await db
    .selectFrom('onboard_batches')
    .select((eb) => [
      'entity',
      second.as('second'),
      eb.fn.sum<string | number>('rows_read').as('rows'),
      eb.fn.sum<string | number>('rejected').as('rejected'),
    ])
    .where('run_id', '=', runId)
    .groupBy(['entity', second])
    .orderBy(second)
    .orderBy('entity')
    .execute();
  return rows.map((r) => ({
    entity: r.entity,
    second: r.second,
    rows: Number(r.rows),
    rejected: Number(r.rejected),
  }));
}
