import type { ExecutionResult, Executor } from '../executor/executor.ts';
import { InProcessRunExecutor } from '../executor/in-process-run-executor.ts';
import { type MergePlanning, mergePlanFailed } from '../executor/merge-plan-wait.ts';
import { finaliseRun } from './finalise-run.ts';
import { planAndStoreMerges } from './merge-planning.ts';
import type { RunContext } from './open-run-context.ts';
import { PipelineError } from './pipeline-errors.ts';
import { prepareRun } from './prepare-run.ts';
import type { ProgressReporter } from './progress-reporter.ts';
import { holdRunLock, type RunLockOptions } from './run-lock.ts';
import type { RunSummary } from './run-summary.ts';

/**
 * Executes the unfinished tasks of a stored run, then reconciles with core and records how the run
 * ended. Shared by `run` and `resume`. Under the run's lock, a run's life is three steps:
 * `prepareRun` (read the run, start the progress display, mark it running), the executor's
 * `execute` (the tasks, wherever they run), and `finaliseRun` (status, watermarks, mirror
 * deletions, reconciliation, summary).
 */
export async function executeRun(
  context: RunContext,
  runId: string,
  options: {
    readonly concurrency: number;
    readonly progress: ProgressReporter;
    readonly signal: AbortSignal;
    /** Where the tasks run; default: this process (`inProcessExecutor`). */
    readonly executor?: Executor;
    /** The run's lock: its lease (default `ONBOARD_RUN_LEASE_MS` or 30 s) and holder. */
    readonly lock?: RunLockOptions;
  },
): Promise<RunSummary> {
  // One process at a time works a run: a second `run`/`resume` of it refuses, naming the holder.
  const lock = await holdRunLock(context.store.locks, runId, options.signal, options.lock);
  try {
    const signal = lock.signal;
    const prepared = await prepareRun(context, runId, options.progress);
    // A run stored before its merge plan: the plan is made now, while the tasks that do not apply
    // it run (in this process); another executor starts once it is stored.
    const planning = prepared.run.mergesPending
      ? planAndStoreMerges(context, runId, prepared.tasks, signal)
      : undefined;
    const result = await (options.executor === undefined
      ? inProcessExecutor(context, options, planning).execute(prepared.pending, signal)
      : afterPlanning(planning, signal, () =>
          (options.executor as Executor).execute(prepared.pending, signal),
        ));
    const gone = lock.lost();
    // Another process took the run over: it owns the run's status from now on.
    if (gone !== undefined) throw new PipelineError(`stopped working run ${runId}: ${gone}`);
    return await finaliseRun(context, prepared, result, { progress: options.progress, signal });
  } finally {
    await lock.release();
  }
}

/**
 * The executor that runs a run's tasks in this process, on a pool of `concurrency`, with progress;
 * with `mergePlanning`, the tasks that apply the merge plan wait for it to be stored.
 */
export function inProcessExecutor(
  context: RunContext,
  options: { readonly concurrency: number; readonly progress: ProgressReporter },
  mergePlanning?: MergePlanning,
): Executor {
  return new InProcessRunExecutor({
    connector: context.connector,
    mapping: context.mapping,
    client: context.client,
    store: context.store,
    concurrency: options.concurrency,
    onBatch: (batch) => options.progress.batch(batch),
    onNote: (message) => options.progress.note(message),
    ...(mergePlanning === undefined ? {} : { mergePlanning }),
  });
}

/** Runs `execute` once the merge plan (if one is being made) is stored; a plan that failed fails the run. */
async function afterPlanning(
  planning: MergePlanning | undefined,
  signal: AbortSignal,
  execute: () => Promise<ExecutionResult>,
): Promise<ExecutionResult> {
  const failure = await planning;
  if (failure === undefined) return execute();
  return mergePlanFailed(failure, signal);
}
