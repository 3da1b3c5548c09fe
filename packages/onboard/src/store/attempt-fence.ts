import type { Kysely, Transaction } from 'kysely';
import type { StoreDatabase } from './store-schema.ts';

/**
 * Inside a write of attempt `attempt` of a task: whether that attempt is still the task's latest.
 * The task's row is locked until the transaction ends (PostgreSQL), so a newer attempt cannot start
 * between this look and the write: either the write lands before the newer attempt starts (which
 * then continues after it), or it is refused. An older attempt, still running after its job was
 * taken over or delivered twice, is so kept from recording, resetting or ending what the newer one
 * owns. The statement writes nothing (`attempts = attempts`): it is the look and the lock in one.
 */
export async function holdsAttempt(
  db: Kysely<StoreDatabase> | Transaction<StoreDatabase>,
  runId: string,
  taskId: string,
  attempt: number,
): Promise<boolean> {
  const result = await db
    .updateTable('onboard_tasks')
    .set((eb) => ({ attempts: eb.ref('attempts') }))
    .where('run_id', '=', runId)
    .where('task_id', '=', taskId)
    .where('attempts', '=', attempt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
