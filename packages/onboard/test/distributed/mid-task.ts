import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { SeenEvent, WorkerProcess } from './worker-process.ts';

/**
 * Waits until `worker` holds a task part-way: started by it, still running in the store, with at
 * least one batch recorded. Returns that task's start event.
 */
export async function holdingMidTask(
  worker: WorkerProcess,
  storeUrl: string,
  timeoutMs = 180_000,
): Promise<SeenEvent> {
  const client = new pg.Client({ connectionString: storeUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const ended = new Set(
        worker.events
          .filter((e) => e.event !== 'task.start' && e.taskId)
          .map((e) => `${e.runId}/${e.taskId}`),
      );
      for (const start of worker.events.filter((e) => e.event === 'task.start')) {
        if (ended.has(`${start.runId}/${start.taskId}`)) continue;
        const { rows } = await client.query<{ status: string; checkpoint_seq: number | null }>(
          'SELECT status, checkpoint_seq FROM onboard_tasks WHERE run_id = $1 AND task_id = $2',
          [start.runId, start.taskId],
        );
        if (rows[0]?.status === 'running' && rows[0].checkpoint_seq !== null) return start;
      }
      await sleep(25);
    }
    throw new Error(`worker ${worker.child.pid} held no task part-way within ${timeoutMs} ms`);
  } finally {
    await client.end();
  }
}

/** The attempts the store counted for a task. */
export async function attemptsOf(storeUrl: string, runId: string, taskId: string): Promise<number> {
  const client = new pg.Client({ connectionString: storeUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ attempts: number }>(
      'SELECT attempts FROM onboard_tasks WHERE run_id = $1 AND task_id = $2',
      [runId, taskId],
    );
    return Number(rows[0]?.attempts ?? 0);
  } finally {
    await client.end();
  }
}

/** Most intervals [task.start, end] of one tenant open at the same moment, over every worker. */
export function peakConcurrency(events: readonly SeenEvent[], tenant: string): number {
  const edges: [number, number][] = [];
  for (const e of events) {
    if (e.tenant !== tenant) continue;
    if (e.event === 'task.start') edges.push([Date.parse(e.at), 1]);
    else if (e.event.startsWith('task.')) edges.push([Date.parse(e.at), -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, step] of edges) {
    open += step;
    peak = Math.max(peak, open);
  }
  return peak;
}
