import type { Executor } from '../executor/executor.ts';
import { InProcessRunExecutor } from '../executor/in-process-run-executor.ts';
import { finaliseRun } from './finalise-run.ts';
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
    const executor = options.executor ?? inProcessExecutor(context, options);
    const result = await executor.execute(prepared.pending, signal);
    const gone = lock.lost();
    // Another process took the run over: it owns the run's status from now on.
    if (gone !== undefined) throw new PipelineError(`stopped working run ${runId}: ${gone}`);
    return await finaliseRun(context, prepared, result, { progress: options.progress, signal });
  } finally {
    await lock.release();
  }
}

/** The executor that runs a run's tasks in this process, on a pool of `concurrency`, with progress. */
export function inProcessExecutor(
  context: RunContext,
  options: { readonly concurrency: number; readonly progress: ProgressReporter },
): Executor {
  return new InProcessRunExecutor({
    connector: context.connector,
    mapping: context.mapping,
    client: context.client,
    store: context.store,
    concurrency: options.concurrency,
    onBatch: (batch) => options.progress.batch(batch),
    onNote: (message) => options.progress.note(message),
  });
}
