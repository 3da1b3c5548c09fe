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
/** The task's row in the run store now: its status and how many attempts started it. */
export async function taskStateOf(
  storeUrl: string,
  runId: string,
  taskId: string,
): Promise<{ status: string; attempts: number } | undefined> {
  const client = new pg.Client({ connectionString: storeUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; attempts: number }>(
      'SELECT status, attempts FROM onboard_tasks WHERE run_id = $1 AND task_id = $2',
      [runId, taskId],
    );
    const row = rows[0];
    return row === undefined ? undefined : { status: row.status, attempts: Number(row.attempts) };
  } finally {
    await client.end();
  }
}

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

/**
 * Waits until the run's current phase (the first with unfinished tasks) has at least two tasks not
 * done: with a tenant limit of one, at least one of them is a job waiting in the queue.
 */
export async function phaseWithWaitingTask(
  storeUrl: string,
  runId: () => string | undefined,
  timeoutMs = 180_000,
): Promise<void> {
  const client = new pg.Client({ connectionString: storeUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const id = runId();
      if (id !== undefined) {
        const { rows } = await client.query<{ phase: number; open: string }>(
          `SELECT phase, count(*) FILTER (WHERE status <> 'done') AS open FROM onboard_tasks
           WHERE run_id = $1 GROUP BY phase HAVING count(*) FILTER (WHERE status <> 'done') > 0 ORDER BY phase LIMIT 1`,
          [id],
        );
        if (Number(rows[0]?.open ?? 0) >= 2 && (await startedTasks(client, id)) > 0) return;
      }
      await sleep(25);
    }
    throw new Error(`run ${runId()} never had two unfinished tasks in its current phase`);
  } finally {
    await client.end();
  }
}

async function startedTasks(client: pg.Client, runId: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    'SELECT count(*) AS n FROM onboard_tasks WHERE run_id = $1 AND attempts > 0',
    [runId],
  );
  return Number(rows[0]?.n ?? 0);
}
