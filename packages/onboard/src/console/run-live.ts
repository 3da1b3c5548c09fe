import type { EntityReconciliation } from '../pipeline/run-summary.ts';
import { storedRunningTime } from '../pipeline/running-time.ts';
import type { TimelinePoint } from '../store/batch-timeline.ts';
import type { EntityDeletions } from '../store/deletions.ts';
import type { RowCounts, TaskRecord } from '../store/run-records.ts';
import type { RunStore } from '../store/run-store.ts';
import { listItem, type RunListItem, reconciliationOf } from './run-views.ts';

/** One entity of a run, now: its counts against the planner's estimate. */
export interface EntityProgress extends RowCounts {
  readonly entity: string;
  readonly phase: number;
  /** Sum of its tasks' estimates; null when a task has none. */
  readonly estimated: number | null;
  readonly tasksDone: number;
  readonly tasks: number;
}

/** Everything the run page shows of one run, read from the store. */
export interface RunDetail {
  readonly run: RunListItem;
  readonly error: string | null;
  readonly phases: readonly (readonly string[])[];
  /** The first phase with a task not done (1-based); null once every task is done. */
  readonly phase: number | null;
  readonly entities: readonly EntityProgress[];
  readonly tasks: Readonly<Record<string, number>>;
  readonly failedTasks: readonly { taskId: string; error: string }[];
  /**
   * Rows read per second on average over the time the run was running (`runningSeconds`): from
   * its first start to its end (or now), less the time it was stopped (see `runningTime`).
   */
  readonly rowsPerSecond: number | null;
  /** Seconds the run was running; null before it started. */
  readonly runningSeconds: number | null;
  /** Seconds it was stopped since its first start (a crash until `resume`, workers gone): not in the average. */
  readonly stoppedSeconds: number | null;
  /** Rows read per second over the last seconds, while the run goes on; null once it ended (nothing is read now). */
  readonly recentRowsPerSecond: number | null;
  /** Seconds left at the recent rate, when every estimate is known and the run goes on. */
  readonly etaSeconds: number | null;
  /**
   * Stored as running but nobody holds its lock (the process was killed, the machine lost): it
   * goes on only with `onboard resume`.
   */
  readonly interrupted: boolean;
  /** The process that holds the run's lock now (the coordinator, on BullMQ); null once the run ended. */
  readonly coordinator: { readonly host: string; readonly pid: number; readonly expiresAt: string } | null;
  /** The processes working the run's tasks now (`host pid N`), with how many each runs: on BullMQ, the workers. */
  readonly workers: readonly { readonly worker: string; readonly tasks: number }[];
  readonly options: Readonly<Record<string, unknown>>;
  readonly reconciliation: readonly EntityReconciliation[];
  /** What a mirror run marked deleted, per entity (ids capped), and entities it could not mirror; null otherwise. */
  readonly deletions: readonly EntityDeletions[] | null;
  readonly mirrorGaps: readonly { entity: string; reason: string }[];
}

/** Seconds of batches the recent rate is taken over. */
const RECENT_SECONDS = 10;
/** External ids shown per entity of a mirror run's deletions. */
const DELETED_IDS_SHOWN = 200;

/** The run's state now; undefined when the store has no such run. */
export async function runDetail(
  store: RunStore,
  runId: string,
  now = Date.now(),
): Promise<RunDetail | undefined> {
  const run = await store.getRun(runId);
  if (run === undefined) return undefined;
  const [totals, tasks, timeline, lock] = await Promise.all([
    store.entityCounts([runId]).then((counts) => counts.get(runId) ?? []),
    store.listTasks(runId),
    store.batchTimeline(runId),
    store.locks.get(runId),
  ]);
  const byEntity = new Map(totals.map((t) => [t.entity, t]));
  const taskCounts: Record<string, number> = { pending: 0, running: 0, done: 0, failed: 0 };
  for (const task of tasks) taskCounts[task.status] = (taskCounts[task.status] ?? 0) + 1;
  const entities = run.phases.flatMap((phase, i) =>
    phase.map((entity): EntityProgress => {
      const own = tasks.filter((t) => t.entity === entity);
      const t = byEntity.get(entity);
      return {
        entity,
        phase: i + 1,
        read: t?.read ?? 0,
        created: t?.created ?? 0,
        updated: t?.updated ?? 0,
        unchanged: t?.unchanged ?? 0,
        skipped: t?.skipped ?? 0,
        rejected: t?.rejected ?? 0,
        estimated: own.some((x) => x.estimatedRows === null)
          ? null
          : own.reduce((n, x) => n + (x.estimatedRows ?? 0), 0),
        tasksDone: own.filter((x) => x.status === 'done').length,
        tasks: own.length,
      };
    }),
  );
  const open = tasks.filter((t) => t.status !== 'done').map((t) => t.phase);
  const ended = run.finishedAt !== null;
  const end = ended ? Date.parse(run.finishedAt as string) : now;
  const read = entities.reduce((n, e) => n + e.read, 0);
  const interrupted = run.status === 'running' && (lock === undefined || Date.parse(lock.expiresAt) < now);
  const time = await storedRunningTime(store, run, !interrupted, end);
  const seconds = time?.runningSeconds ?? 0;
  // An ended run reads nothing now: the rate of its last seconds would pass for a current one.
  const recent = ended ? null : recentRate(timeline, end);
  const remaining = entities.every((e) => e.estimated !== null)
    ? entities.reduce((n, e) => n + Math.max(0, (e.estimated ?? 0) - e.read), 0)
    : null;
  const mirror = run.options['mirror'] === true;
  const deletions = mirror ? await store.mirror.deletions(runId) : null;
  const gaps = mirror ? await store.mirror.gaps(runId) : new Map<string, string>();
  return {
    run: listItem(run, totals),
    error: run.error,
    phases: run.phases,
    phase: open.length === 0 ? null : Math.min(...open) + 1,
    entities,
    tasks: taskCounts,
    failedTasks: tasks
      .filter((t) => t.status === 'failed')
      .map((t) => ({ taskId: t.taskId, error: t.error ?? '' })),
    rowsPerSecond: seconds > 0 ? Math.round(read / seconds) : null,
    runningSeconds: time?.runningSeconds ?? null,
    stoppedSeconds: time?.stoppedSeconds ?? null,
    recentRowsPerSecond: recent,
    etaSeconds:
      !ended && run.status === 'running' && remaining !== null && recent !== null && recent > 0
        ? Math.round(remaining / recent)
        : null,
    interrupted,
    coordinator:
      lock === undefined || ended ? null : { host: lock.host, pid: lock.pid, expiresAt: lock.expiresAt },
    workers: workersOf(tasks),
    options: publicOptions(run.options),
    reconciliation: reconciliationOf(run),
    deletions:
      deletions?.map((d) => ({ ...d, externalIds: d.externalIds.slice(0, DELETED_IDS_SHOWN) })) ?? null,
    mirrorGaps: [...gaps].map(([entity, reason]) => ({ entity, reason })),
  };
}

/** The processes running the run's tasks, with their task counts, most busy first. */
function workersOf(tasks: readonly TaskRecord[]): { worker: string; tasks: number }[] {
  const counts = new Map<string, number>();
  for (const task of tasks)
    if (task.status === 'running' && task.worker !== null)
      counts.set(task.worker, (counts.get(task.worker) ?? 0) + 1);
  return [...counts]
    .map(([worker, n]) => ({ worker, tasks: n }))
    .sort((a, b) => b.tasks - a.tasks || a.worker.localeCompare(b.worker));
}

/** Rows per second over the last `RECENT_SECONDS` seconds before `end` that had batches. */
function recentRate(timeline: readonly TimelinePoint[], end: number): number | null {
  if (timeline.length === 0) return null;
  const from = end - RECENT_SECONDS * 1000;
  const recent = timeline.filter((p) => Date.parse(`${p.second}Z`) >= from);
  if (recent.length === 0) return 0;
  const first = Date.parse(`${recent[0]?.second}Z`);
  const span = Math.max(1, Math.ceil((end - first) / 1000));
  return Math.round(recent.reduce((n, p) => n + p.rows, 0) / span);
}

/** The options the run was started with that a person may see (the store keeps no secret in them). */
function publicOptions(options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { coordinates: _coordinates, ...rest } = options;
  return rest;
}
