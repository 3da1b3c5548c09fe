import type { ExecutionResult } from './executor.ts';

/**
 * A run's merge plan being made and stored while the run executes (a run stored before its plan,
 * `RunRecord.mergesPending`): resolves to undefined once the plan is stored, or to the reason it
 * could not be. It never rejects, so it can run alongside the run's first tasks and be awaited
 * when the first task that applies the plan is due.
 */
export type MergePlanning = Promise<unknown>;

/** The task id a failed merge plan is reported under, in `ExecutionResult.failed`. */
export const MERGE_PLAN_TASK = 'merge plan';

/** How an execution ends when its merge plan could not be made: failed, or cancelled by `signal`. */
export function mergePlanFailed(
  failure: unknown,
  signal: AbortSignal,
  done = 0,
  failed: ExecutionResult['failed'] = [],
): ExecutionResult {
  const error = failure instanceof Error ? failure.message : String(failure);
  return {
    done,
    failed: signal.aborted ? failed : [...failed, { taskId: MERGE_PLAN_TASK, error }],
    aborted: signal.aborted,
  };
}
