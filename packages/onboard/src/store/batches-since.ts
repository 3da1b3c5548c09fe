import type { Kysely } from 'kysely';
import type { SourceValue } from '../connectors/value.ts';
import type { BatchResult } from './run-records.ts';
import type { StoreDatabase } from './store-schema.ts';

/** Tasks per statement: each adds two bound parameters. */
const TASKS_PER_QUERY = 200;

/**
 * A run's batches recorded after the given point of each task: for every `taskId → seq` of `since`,
 * the task's batches numbered above `seq` (-1: all), ordered by task and number. Each condition
 * is a range on the batches' primary key (run, task, seq), so a look costs index probes only,
 * however many batches the run holds. Rejections and the checkpoint key are not read (empty/null).
 */
export async function queryBatchesSince(
  db: Kysely<StoreDatabase>,
  runId: string,
  since: ReadonlyMap<string, number>,
): Promise<BatchResult[]> {
  const entries = [...since];
  const batches: BatchResult[] = [];
  for (let i = 0; i < entries.length; i += TASKS_PER_QUERY) {
    const chunk = entries.slice(i, i + TASKS_PER_QUERY);
    const rows = await db
      .selectFrom('onboard_batches')
      .selectAll()
      .where('run_id', '=', runId)
      .where((eb) =>
        eb.or(chunk.map(([taskId, seq]) => eb.and([eb('task_id', '=', taskId), eb('seq', '>', seq)]))),
      )
      .orderBy('task_id')
      .orderBy('seq')
      .execute();
    for (const row of rows) {
      batches.push({
        runId: row.run_id,
        taskId: row.task_id,
        seq: Number(row.seq),
        entity: row.entity,
        rowsRead: Number(row.rows_read),
        skipped: Number(row.skipped),
        created: Number(row.created),
        updated: Number(row.updated),
        unchanged: Number(row.unchanged),
        rejected: Number(row.rejected),
        checksumCount: Number(row.checksum_count),
        checksum: row.checksum,
        durationMs: Number(row.duration_ms),
        after: null,
        cursorMax: row.cursor_max === null ? null : (JSON.parse(row.cursor_max) as SourceValue),
        rejections: [],
      });
    }
  }
  return batches;
}
