import type { TaskRecord } from '../../store/run-records.ts';

/**
 * The coordinator's memory of tasks whose own job has completed while another delivery of the
 * task runs it: when each one's latest attempt and checkpoint last changed. One that has not moved
 * for `patienceMs` is taken as lost (its delivery failed for good or was removed), so the task is
 * queued again rather than waited for forever.
 */
export class TakenOverTasks {
  readonly #patienceMs: number;
  readonly #seen = new Map<string, { readonly mark: string; readonly since: number }>();

  constructor(patienceMs: number) {
    this.#patienceMs = patienceMs;
  }

  /** Whether `record`'s attempt has shown no progress (a new attempt, a batch) for the patience. */
  stuck(record: Pick<TaskRecord, 'taskId' | 'attempts' | 'checkpoint'>, now = performance.now()): boolean {
    const mark = `${record.attempts}/${record.checkpoint?.seq ?? -1}`;
    const seen = this.#seen.get(record.taskId);
    if (seen === undefined || seen.mark !== mark) {
      this.#seen.set(record.taskId, { mark, since: now });
      return false;
    }
    if (now - seen.since < this.#patienceMs) return false;
    this.#seen.delete(record.taskId);
    return true;
  }

  /** Forgets the tasks not in `taskIds` (no longer in that state: their next time starts afresh). */
  keepOnly(taskIds: ReadonlySet<string>): void {
    for (const taskId of this.#seen.keys()) if (!taskIds.has(taskId)) this.#seen.delete(taskId);
  }
}
