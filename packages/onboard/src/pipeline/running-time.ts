import type { RunRecord } from '../store/run-records.ts';
import type { RunStore } from '../store/run-store.ts';

/** How much of a run's time it was running, for its average rate. */
export interface RunningTime {
  /** From the run's first start to its end (or now, or its last sign of life when it was interrupted). */
  readonly elapsedSeconds: number;
  /** The part of it the run was running: `elapsedSeconds` less `stoppedSeconds`. */
  readonly runningSeconds: number;
  /** The time it was stopped: between its last batch and a process that took it up again. */
  readonly stoppedSeconds: number;
}

/** What `runningTime` works from: instants as epoch milliseconds. */
export interface RunTimes {
  /** When the run first started. */
  readonly startedAt: number;
  /** Its end: when it ended, now while a process works it, its last sign of life when none does. */
  readonly end: number;
  /**
   * Per process that took the run up after another (a resume after a crash, a worker that came
   * once the others were gone): when it started, and when the run's last batch before that was
   * recorded (undefined: none was).
   */
  readonly restarts: readonly { readonly at: number; readonly lastBatchBefore: number | undefined }[];
}

/**
 * The run's running time: its elapsed time less the stretches in which it was stopped. Nothing
 * records when a process died; its last batch bounds it: each stretch from the run's last batch
 * before a restart to that restart counts as stopped (the time between a batch and the crash,
 * and a restarted process's own preparation, are left out with it). Overlapping stretches (a
 * resume that died before its first batch, resumed again) count once.
 */
export function runningTime(times: RunTimes): RunningTime {
  const { startedAt, end } = times;
  const elapsed = Math.max(0, end - startedAt);
  const stretches = times.restarts
    .filter((r) => r.lastBatchBefore !== undefined)
    .map((r) => [Math.max(startedAt, r.lastBatchBefore as number), Math.min(end, r.at)] as const)
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  let stopped = 0;
  let reached = Number.NEGATIVE_INFINITY;
  for (const [from, to] of stretches) {
    const begin = Math.max(from, reached);
    if (to > begin) stopped += to - begin;
    reached = Math.max(reached, to);
  }
  const seconds = (ms: number) => Math.round(ms) / 1000;
  return {
    elapsedSeconds: seconds(elapsed),
    runningSeconds: seconds(elapsed - stopped),
    stoppedSeconds: seconds(stopped),
  };
}

/**
 * A stored run's running time (see `runningTime`); null before it started. `worked`: whether a
 * process works the run now (its lock is held): a run stored as running that nobody works was
 * interrupted, and the time since its last sign of life (its last batch, or the last process that
 * took it up) is not running time either.
 */
export async function storedRunningTime(
  store: RunStore,
  run: Pick<RunRecord, 'id' | 'startedAt' | 'finishedAt'>,
  worked: boolean,
  now: number = Date.now(),
): Promise<RunningTime | null> {
  if (run.startedAt === null) return null;
  const startedAt = Date.parse(run.startedAt);
  const starts = (await store.runStarts(run.id)).map((at) => ({ text: at, at: Date.parse(at) }));
  const restarts = await Promise.all(
    starts
      .filter((s) => s.at > startedAt)
      .map(async (s) => {
        const last = await store.lastBatchAt(run.id, s.text);
        // A process that came while another worked the run (a worker added to the pool, a slow
        // batch in flight) found it running: a task done across the gap says so.
        if (last === undefined || (await store.taskWorkedAcross(run.id, last, s.text)))
          return { at: s.at, lastBatchBefore: undefined };
        return { at: s.at, lastBatchBefore: Date.parse(last) };
      }),
  );
  let end = now;
  if (run.finishedAt !== null) end = Date.parse(run.finishedAt);
  else if (!worked) {
    const last = await store.lastBatchAt(run.id);
    end = Math.max(startedAt, last === undefined ? startedAt : Date.parse(last), ...starts.map((s) => s.at));
  }
  return runningTime({ startedAt, end, restarts });
}
