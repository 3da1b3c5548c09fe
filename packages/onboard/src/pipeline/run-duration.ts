import type { RunRecord } from '../store/run-records.ts';

/** How long a run took, as its end-of-run summary tells it. */
export interface RunDuration {
  /** From the run's first start to now (its end): across every execution, and the time between them. */
  readonly durationMs: number;
  /** How long this execution took, when it resumed a run an earlier execution started; absent otherwise. */
  readonly resumeMs?: number;
}

/**
 * The duration of a run ending now, from the run as stored before this execution marked it
 * running (`startedAt` is set by the first execution only) and how long this execution took. A
 * resume's own time alone would read as the whole import's.
 */
export function runDuration(
  run: Pick<RunRecord, 'startedAt'>,
  executionMs: number,
  now: number = Date.now(),
): RunDuration {
  if (run.startedAt === null) return { durationMs: executionMs };
  const sinceFirstStart = now - Date.parse(run.startedAt);
  // A clock set back between the executions must not make the run shorter than this one.
  return { durationMs: Math.max(sinceFirstStart, executionMs), resumeMs: executionMs };
}
