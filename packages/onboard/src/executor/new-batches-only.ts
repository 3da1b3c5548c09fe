import type { PartitionTask } from '../planner/partition-task.ts';
import type { BatchResult } from '../store/run-records.ts';
import type { RunStore } from '../store/run-store.ts';

/**
 * `onBatch`, told only the batches numbered past each task's checkpoint as the store has it when
 * the execution starts. The progress display starts from the rows read before (a resumed run), so
 * it must not be told again a batch recorded then: a keyless task resumed replays its stream from
 * the start and records its first batches again (the coordinator's `BatchFeed` does the same for
 * a run on workers).
 */
export async function newBatchesOnly(
  store: RunStore,
  tasks: readonly PartitionTask[],
  onBatch: (batch: BatchResult) => void,
): Promise<(batch: BatchResult) => void> {
  const runId = tasks[0]?.runId;
  const records = runId === undefined ? [] : await store.listTasks(runId);
  const before = new Map(records.map((r) => [r.taskId, r.checkpoint?.seq ?? -1]));
  return (batch) => {
    if (batch.seq > (before.get(batch.taskId) ?? -1)) onBatch(batch);
  };
}
