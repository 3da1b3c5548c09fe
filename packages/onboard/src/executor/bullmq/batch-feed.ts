import type { BatchResult, TaskRecord } from '../../store/run-records.ts';
import type { RunStore } from '../../store/run-store.ts';

/**
 * Passes on, once each, the batches the workers record for a run, read from the shared store: a
 * coordinator's view of per-batch progress. A task's checkpoint is the number of its last batch
 * recorded (written in the batch's transaction), so each look reads the task list it already has
 * and asks the store only for the batches of tasks with a batch not yet passed on at or below
 * their checkpoint. A batch recorded again (a task replayed after a crash) is not passed on twice.
 *
 * A task's batches usually appear in order, but not always: a keyless task run again replays from
 * its start (its batches are deleted and recorded anew) while an older attempt of it, frozen past
 * its lock and woken up, may still record later ones and move the checkpoint past the gap. So each
 * task keeps the first number not passed on and the numbers above it already passed on, and is
 * asked for again until the gap is filled.
 */
export class BatchFeed {
  readonly #store: RunStore;
  readonly #runId: string;
  readonly #onBatch: (batch: BatchResult) => void;
  /** Per task, the lowest batch number not passed on (every one below was, or was there before). */
  readonly #next = new Map<string, number>();
  /** Per task, the numbers above `#next` already passed on. */
  readonly #ahead = new Map<string, Set<number>>();

  constructor(store: RunStore, runId: string, onBatch: (batch: BatchResult) => void) {
    this.#store = store;
    this.#runId = runId;
    this.#onBatch = onBatch;
  }

  /** Takes the batches recorded before this execution as seen (a resumed run already counted them). */
  start(records: readonly TaskRecord[]): void {
    for (const record of records) this.#next.set(record.taskId, (record.checkpoint?.seq ?? -1) + 1);
  }

  /** Passes on the batches recorded since the last look, given the run's task list as read now. */
  async look(records: readonly TaskRecord[]): Promise<void> {
    const since = new Map<string, number>();
    for (const record of records) {
      const next = this.#next.get(record.taskId) ?? 0;
      if ((record.checkpoint?.seq ?? -1) >= next) since.set(record.taskId, next - 1);
    }
    if (since.size === 0) return;
    for (const batch of await this.#store.batchesSince(this.#runId, since)) {
      let next = this.#next.get(batch.taskId) ?? 0;
      const ahead = this.#ahead.get(batch.taskId) ?? new Set<number>();
      if (batch.seq < next || ahead.has(batch.seq)) continue;
      ahead.add(batch.seq);
      while (ahead.delete(next)) next += 1;
      this.#next.set(batch.taskId, next);
      this.#ahead.set(batch.taskId, ahead);
      this.#onBatch(batch);
    }
  }
}
