import type { Kysely } from 'kysely';
import type { StoreDatabase } from './store-schema.ts';

/**
 * Per entity of a run, the rows its batches read whose cursor is null (`BatchResult.nullCursorRows`),
 * for the entities that read any. Each batch is stored once under its (task, number), so a resumed
 * task that reads a batch again counts its rows once.
 */
export async function queryNullCursorRows(
  db: Kysely<StoreDatabase>,
  runId: string,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('onboard_batches')
    .select((eb) => ['entity', eb.fn.sum<string | number>('null_cursor_rows').as('rows')])
    .where('run_id', '=', runId)
    .where('null_cursor_rows', '>', 0)
    .groupBy('entity')
    .execute();
  return new Map(rows.map((row) => [row.entity, Number(row.rows)]));
}
