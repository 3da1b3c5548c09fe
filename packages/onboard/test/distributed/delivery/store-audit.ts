import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { openRunStore } from '../../../src/store/open-run-store.ts';
import type { EntityTotals } from '../../../src/store/run-records.ts';
import type { RunStore } from '../../../src/store/run-store.ts';

interface TaskRow {
  readonly task_id: string;
  readonly status: string;
  readonly attempts: number;
  readonly checkpoint_seq: number | null;
  readonly worker: string | null;
}

/** A task's row in the run store: status, attempts, checkpoint and the process of its latest attempt. */
export interface TaskState {
  readonly taskId: string;
  readonly status: string;
  readonly attempts: number;
  readonly checkpointSeq: number | null;
  /** `host pid N` of the latest attempt's process. */
  readonly worker: string | null;
}

/**
 * Reads the run store of the workers: its rows directly (SQL), independently of onboard's store
 * code, and the totals per entity as `onboard report` sums them.
 */
export class StoreAudit {
  readonly #client: pg.Client;
  readonly #store: RunStore;

  private constructor(client: pg.Client, store: RunStore) {
    this.#client = client;
    this.#store = store;
  }

  static async open(url: string): Promise<StoreAudit> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new StoreAudit(client, await openRunStore(url));
  }

  async close(): Promise<void> {
    await this.#client.end();
    await this.#store.close();
  }

  /** The run's totals per entity, summed over its batches as the store has them now. */
  entityTotals(runId: string): Promise<EntityTotals[]> {
    return this.#store.entityTotals(runId);
  }

  async runStatus(runId: string): Promise<string | undefined> {
    const { rows } = await this.#client.query<{ status: string }>(
      'SELECT status FROM onboard_runs WHERE id = $1',
      [runId],
    );
    return rows[0]?.status;
  }

  async tasks(runId: string): Promise<TaskState[]> {
    const { rows } = await this.#client.query<TaskRow>(
      'SELECT task_id, status, attempts, checkpoint_seq, worker FROM onboard_tasks WHERE run_id = $1 ORDER BY task_id',
      [runId],
    );
    return rows.map((r) => ({
      taskId: r.task_id,
      status: r.status,
      attempts: Number(r.attempts),
      checkpointSeq: r.checkpoint_seq === null ? null : Number(r.checkpoint_seq),
      worker: r.worker,
    }));
  }

  async batchCount(runId: string): Promise<number> {
    const { rows } = await this.#client.query<{ n: string }>(
      'SELECT count(*) AS n FROM onboard_batches WHERE run_id = $1',
      [runId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * What a finished run's rows must satisfy, as docs/running.md and scale-out.md describe them:
   * every task done; each task's batches numbered 0..n without a gap and its checkpoint at n; each
   * batch's rejections stored once (as many rows as the batch counts, no position twice).
   */
  async finishedViolations(runId: string): Promise<string[]> {
    const found: string[] = [];
    for (const task of await this.tasks(runId)) {
      if (task.status !== 'done') found.push(`task ${task.taskId} is ${task.status}, not done`);
      const { rows } = await this.#client.query<{ n: string; top: number | null }>(
        'SELECT count(*) AS n, max(seq) AS top FROM onboard_batches WHERE run_id = $1 AND task_id = $2',
        [runId, task.taskId],
      );
      const n = Number(rows[0]?.n ?? 0);
      const top = rows[0]?.top === null || rows[0]?.top === undefined ? null : Number(rows[0].top);
      if (top !== null && n !== top + 1)
        found.push(`task ${task.taskId}: ${n} batches recorded, numbered up to ${top} (a gap)`);
      if (top !== task.checkpointSeq)
        found.push(`task ${task.taskId}: checkpoint at ${task.checkpointSeq}, last batch ${top}`);
    }
    const { rows } = await this.#client.query<{
      task_id: string;
      seq: number;
      rejected: number;
      stored: string;
    }>(
      `SELECT b.task_id, b.seq, b.rejected,
              (SELECT count(*) FROM onboard_rejections r
                WHERE r.run_id = b.run_id AND r.task_id = b.task_id AND r.seq = b.seq) AS stored
         FROM onboard_batches b WHERE b.run_id = $1`,
      [runId],
    );
    for (const r of rows)
      if (Number(r.stored) !== Number(r.rejected))
        found.push(`task ${r.task_id} batch ${r.seq}: counts ${r.rejected} rejected, ${r.stored} stored`);
    return found;
  }
}

/**
 * Looks at a run's checkpoints every `everyMs` until stopped, and notes every step back: a keyed
 * task's checkpoint only moves forward; a keyless one may go back once per attempt, when the attempt
 * starts it again (it replays from the start). A task done never becomes anything else.
 */
export function watchCheckpoints(
  audit: StoreAudit,
  runId: () => string | undefined,
  keyless: (taskId: string) => boolean,
  everyMs = 100,
): { stop(): Promise<string[]> } {
  const found: string[] = [];
  const last = new Map<string, TaskState>();
  /** Per keyless task, the attempt whose replay was seen (a reset follows its start, once). */
  const replayed = new Map<string, number>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const id = runId();
      if (id !== undefined) {
        for (const now of await audit.tasks(id)) {
          const before = last.get(now.taskId);
          last.set(now.taskId, now);
          if (before === undefined || before.checkpointSeq === null) continue;
          const back = now.checkpointSeq === null || now.checkpointSeq < before.checkpointSeq;
          const replay = keyless(now.taskId) && back && replayed.get(now.taskId) !== now.attempts;
          if (replay) replayed.set(now.taskId, now.attempts);
          if (back && !replay)
            found.push(
              `task ${now.taskId}: checkpoint went back from ${before.checkpointSeq} to ${now.checkpointSeq} (attempts ${before.attempts} -> ${now.attempts})`,
            );
          if (before.status === 'done' && now.status !== 'done')
            found.push(
              `task ${now.taskId}: done, then ${now.status} (attempts ${before.attempts} -> ${now.attempts})`,
            );
        }
      }
      await sleep(everyMs);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return found;
    },
  };
}
