import type { Command } from 'commander';
import { readEnv } from '../../config/environment.ts';
import { PipelineError } from '../../pipeline/pipeline-errors.ts';
import { storedRunningTime } from '../../pipeline/running-time.ts';
import { DEFAULT_STORE } from '../../store/default-store.ts';
import type { RunStatus, TaskStatus } from '../../store/run-records.ts';
import type { RunStore } from '../../store/run-store.ts';

/** `onboard status RUN`: where a run is now, from the run store, whichever executor runs it. */
export const registerStatus = (program: Command): void => {
  program
    .command('status')
    .description('Show where a run is now: state, tasks per state, rows per entity against the estimate')
    .argument('<run>', 'the run id (see `onboard runs`)')
    .option(
      '--store <url>',
      'run store: a SQLite file or a postgres:// URL',
      readEnv('store') ?? DEFAULT_STORE,
    )
    .option('--json', 'print the status as JSON')
    .action(async (runId: string, flags: { store: string; json?: boolean }) => {
      const { openRunStore } = await import('../../store/open-run-store.ts');
      const store = await openRunStore(flags.store, 'existing');
      try {
        const status = await runStatus(store, runId);
        process.stdout.write(flags.json ? `${JSON.stringify(status, null, 2)}\n` : formatRunStatus(status));
      } finally {
        await store.close();
      }
    });
};

/** A run's state now, as `onboard status` prints it. */
export interface RunStatusView {
  readonly runId: string;
  readonly status: RunStatus;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly error: string | null;
  readonly tasks: Readonly<Record<TaskStatus, number>>;
  /** Rows read per entity, with the planner's estimate (null when unknown). */
  readonly entities: readonly { entity: string; read: number; estimated: number | null }[];
  /**
   * Rows read per second on average over the time the run was running (`runningSeconds`): from
   * its first start to its end or now, less the time it was stopped (see `runningTime`).
   */
  readonly rowsPerSecond: number | null;
  /** Seconds the run was running; null before it started. */
  readonly runningSeconds: number | null;
  /** Seconds it was stopped between its first start and its end (or now): a crash until `resume`, workers gone. */
  readonly stoppedSeconds: number | null;
}

/** Reads a run's state from the store: every executor records into it the same way. */
export async function runStatus(store: RunStore, runId: string, now = Date.now()): Promise<RunStatusView> {
  const run = await store.getRun(runId);
  if (run === undefined) throw new PipelineError(`no run ${runId} in the run store`);
  const tasks: Record<TaskStatus, number> = { pending: 0, running: 0, done: 0, failed: 0 };
  const estimates = new Map<string, number | null>();
  for (const task of await store.listTasks(runId)) {
    tasks[task.status] += 1;
    // A task of a stream several entities read feeds each of them the same rows.
    const feeds = (task.task as { readonly entities?: readonly string[] } | null)?.entities ?? [task.entity];
    for (const entity of feeds) {
      const known = estimates.has(entity) ? estimates.get(entity) : 0;
      estimates.set(
        entity,
        known === null || task.estimatedRows === null ? null : (known ?? 0) + task.estimatedRows,
      );
    }
  }
  const read = new Map((await store.entityTotals(runId)).map((t) => [t.entity, t.read]));
  const entities = run.phases
    .flat()
    .map((entity) => ({ entity, read: read.get(entity) ?? 0, estimated: estimates.get(entity) ?? null }));
  const total = entities.reduce((sum, e) => sum + e.read, 0);
  const lock = await store.locks.get(runId);
  const worked = lock !== undefined && Date.parse(lock.expiresAt) >= now;
  const time = await storedRunningTime(store, run, worked, now);
  const seconds = time?.runningSeconds ?? 0;
  return {
    runId,
    status: run.status,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    error: run.error,
    tasks,
    entities,
    rowsPerSecond: seconds > 0 ? Math.round(total / seconds) : null,
    runningSeconds: time?.runningSeconds ?? null,
    stoppedSeconds: time?.stoppedSeconds ?? null,
  };
}

/** The status as a few lines for a terminal. */
export function formatRunStatus(view: RunStatusView): string {
  const lines = [
    `run ${view.runId}: ${view.status}${view.error && view.status !== 'succeeded' ? ` (${view.error})` : ''}`,
    `started ${view.startedAt ?? '-'}, finished ${view.finishedAt ?? '-'}${rateText(view)}`,
    `tasks: ${view.tasks.done} done, ${view.tasks.running} running, ${view.tasks.pending} pending, ${view.tasks.failed} failed`,
  ];
  const width = Math.max(6, ...view.entities.map((e) => e.entity.length));
  for (const e of view.entities) {
    // A run that succeeded read every row there was: its counts are the totals, the planner's
    // estimate is no longer worth showing (it was 1500 of ~1750, 86%, for a finished run).
    if (view.status === 'succeeded') {
      lines.push(`  ${e.entity.padEnd(width)}  ${e.read} rows, all read`);
      continue;
    }
    const pct = e.estimated ? ` (${Math.min(100, Math.round((100 * e.read) / e.estimated))}%)` : '';
    lines.push(`  ${e.entity.padEnd(width)}  ${e.read} of ~${e.estimated ?? '?'} rows${pct}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `, 952 rows/s`, and when the run was stopped for a while, what the average covers:
 * `, 952 rows/s over its 21s running (stopped 1h0m0s, not counted)`.
 */
function rateText(view: RunStatusView): string {
  if (view.rowsPerSecond === null) return '';
  const rate = `, ${view.rowsPerSecond} rows/s`;
  if (!view.stoppedSeconds || view.runningSeconds === null) return rate;
  return `${rate} over its ${seconds(view.runningSeconds)} running (stopped ${seconds(view.stoppedSeconds)}, not counted)`;
}

/** `21s`, `4m05s`, `1h02m05s`. */
function seconds(value: number): string {
  const s = Math.round(value);
  if (s < 60) return `${s}s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  return `${Math.floor(s / 3600)}h${pad(Math.floor(s / 60) % 60)}m${pad(s % 60)}s`;
}
