import type { BatchResult, TaskRecord } from '../../store/run-records.ts';
import type { RunStore } from '../../store/run-store.ts';

/**
 * Passes on, once each, the batches the workers record for a run, read from the shared store: a
 * coordinator's view of per-batch progress. A task's checkpoint is the number of its last batch
 * recorded (written in the batch's transaction), so each look reads the task list it already has
 * and asks the store only for the batches of tasks whose checkpoint moved past the last one seen.
 * A batch recorded again (a task replayed after a crash) is not passed on twice.
 */
export class BatchFeed {
  readonly #store: RunStore;
  readonly #runId: string;
  readonly #onBatch: (batch: BatchResult) => void;
  /** Per task, the number of the last batch passed on (or there before this execution). */
  readonly #seen = new Map<string, number>();

  constructor(store: RunStore, runId: string, onBatch: (batch: BatchResult) => void) {
    this.#store = store;
    this.#runId = runId;
    this.#onBatch = onBatch;
  }

  /** Takes the batches recorded before this execution as seen (a resumed run already counted them). */
  start(records: readonly TaskRecord[]): void {
    for (const record of records) this.#seen.set(record.taskId, record.checkpoint?.seq ?? -1);
  }

  /** Passes on the batches recorded since the last look, given the run's task list as read now. */
  async look(records: readonly TaskRecord[]): Promise<void> {
    const since = new Map<string, number>();
    for (const record of records) {
      const seen = this.#seen.get(record.taskId) ?? -1;
      if ((record.checkpoint?.seq ?? -1) > seen) since.set(record.taskId, seen);
    }
    if (since.size === 0) return;
    for (const batch of await this.#store.batchesSince(this.#runId, since)) {
      if (batch.seq <= (this.#seen.get(batch.taskId) ?? -1)) continue;
      this.#seen.set(batch.taskId, batch.seq);
      this.#onBatch(batch);
    }
  }
}
