import type { SourceStats } from '@madeup/contract';
import type { ExecutionResult, Executor } from '../executor/executor.ts';
import { InProcessExecutor } from '../executor/in-process-executor.ts';
import { staticTaskResources } from '../executor/static-task-resources.ts';
import { Loader } from '../loader/loader.ts';
import type { PartitionTask } from '../planner/partition-task.ts';
import type { RunStatus } from '../store/run-records.ts';
import { advanceWatermarks } from './advance-watermarks.ts';
import { type EntityMirror, mirrorDeletions } from './mirror.ts';
import type { RunContext } from './open-run-context.ts';
import { PipelineError } from './pipeline-errors.ts';
import type { ProgressReporter } from './progress-reporter.ts';
import { reconcile, skipReasons } from './reconcile.ts';
import { holdRunLock, type RunLockOptions } from './run-lock.ts';
import type { RunSummary } from './run-summary.ts';

/**
 * Runs the unfinished tasks of a stored run in this process, then reconciles with core and
 * records how the run ended. Shared by `run` and `resume`. A mirror run (stored with
 * `options.mirror`), once every task succeeded, marks the source's records it did not see deleted,
 * reading the ids its batches stored, whichever process or executor recorded them.
 */
export async function executeRun(
  context: RunContext,
  runId: string,
  options: {
    readonly concurrency: number;
    readonly progress: ProgressReporter;
    readonly signal: AbortSignal;
    /** Where the tasks run; default: this process, on a pool of `concurrency`. */
    readonly executor?: Executor;
    /** The run's lock: its lease (default `ONBOARD_RUN_LEASE_MS` or 30 s) and holder. */
    readonly lock?: RunLockOptions;
  },
): Promise<RunSummary> {
  // One process at a time works a run: a second `run`/`resume` of it refuses, naming the holder.
  const lock = await holdRunLock(context.store.locks, runId, options.signal, options.lock);
  try {
    const summary = await executeLocked(context, runId, { ...options, signal: lock.signal }, lock.lost);
    return summary;
  } finally {
    await lock.release();
  }
}

async function executeLocked(
  context: RunContext,
  runId: string,
  options: {
    readonly concurrency: number;
    readonly progress: ProgressReporter;
    readonly signal: AbortSignal;
    readonly executor?: Executor;
  },
  lost: () => string | undefined,
): Promise<RunSummary> {
  const started = performance.now();
  const { store } = context;
  const run = await store.getRun(runId);
  if (run === undefined) throw new PipelineError(`no run ${runId} in the run store`);
  // Checked again under the lock: another process may have finished it meanwhile.
  if (run.status === 'succeeded')
    throw new PipelineError(`run ${runId} already succeeded; start a new run instead`);
  const records = await store.listTasks<PartitionTask>(runId);
  const before = new Map((await store.entityTotals(runId)).map((t) => [t.entity, t.read]));
  const estimates = new Map<string, { phase: number; rows: number | null }>();
  for (const record of records) {
    const known = estimates.get(record.entity);
    const rows = record.estimatedRows;
    estimates.set(record.entity, {
      phase: record.phase,
      rows: known?.rows === null || rows === null ? null : (known?.rows ?? 0) + rows,
    });
  }
  options.progress.start(
    runId,
    [...estimates].map(([entity, e]) => ({
      entity,
      phase: e.phase,
      estimatedRows: e.rows,
      alreadyRead: before.get(entity) ?? 0,
    })),
  );
  const pending = records.filter((r) => r.status !== 'done').map((r) => r.task);
  const mirrorRun = run.options['mirror'] === true;
  if (mirrorRun) mirrorPrecondition(run);
  await store.setRunStatus(runId, 'running');
  const result = await (options.executor
    ? options.executor.execute(pending, options.signal)
    : executeInProcess(context, pending, options));
  const gone = lost();
  // Another process took the run over: it owns the run's status from now on.
  if (gone !== undefined) throw new PipelineError(`stopped working run ${runId}: ${gone}`);
  const status: RunStatus = result.aborted ? 'cancelled' : result.failed.length > 0 ? 'failed' : 'succeeded';
  const totals = await store.entityTotals(runId);
  const order = new Map(run.phases.flat().map((entity, i) => [entity, i]));
  totals.sort((a, b) => (order.get(a.entity) ?? 0) - (order.get(b.entity) ?? 0));
  // An entity read only past a watermark (or any entity of a dry run) cannot match core's totals;
  // entities read whole (no watermark yet, or no cursor column) reconcile as in a full run.
  const skipOf = skipReasons(
    run.dryRun,
    records.map((r) => r.task),
  );
  const whole = totals.some((t) => skipOf(t.entity) === undefined);
  let stats: SourceStats | null = null;
  if (whole && status === 'succeeded') {
    stats = await context.client.stats(run.sourceName).catch((error: unknown) => {
      options.progress.note(
        `core gave no stats for reconciliation: ${error instanceof Error ? error.message : String(error)}`,
      );
      return null;
    });
  }
  if (status === 'succeeded' && !run.dryRun) {
    await advanceWatermarks(
      store,
      runId,
      context.target,
      run.sourceName,
      records.map((r) => r.task),
    );
  }
  let mirror: EntityMirror[] | undefined;
  let mirrorError: string | undefined;
  if (mirrorRun && status === 'succeeded') {
    mirror = await mirrorDeletions(context.client, {
      runId,
      source: run.sourceName,
      entities: run.phases.flat().reverse(),
      seen: store,
      batchSize: context.schema.maxBatchRecords,
      signal: options.signal,
    }).catch((error: unknown) => {
      mirrorError = error instanceof Error ? error.message : String(error);
      return undefined;
    });
    for (const m of mirror ?? []) {
      options.progress.note(
        m.skipped === undefined
          ? `mirror: ${m.entity}: ${m.deleted} records marked deleted`
          : `mirror: ${m.entity}: nothing deleted (${m.skipped})`,
        { mirror: m },
      );
    }
    if (whole) {
      stats = await context.client.stats(run.sourceName).catch(() => stats);
    }
  }
  const reconciliation = status === 'succeeded' ? reconcile(totals, stats, skipOf) : [];
  await store.saveReconciliation(runId, reconciliation);
  const error = result.failed.map((f) => `${f.taskId}: ${f.error}`).join('; ') || null;
  await store.setRunStatus(runId, status, status === 'cancelled' ? 'cancelled' : error);
  const summary: RunSummary = {
    runId,
    status,
    dryRun: run.dryRun,
    durationMs: performance.now() - started,
    entities: totals,
    reconciliation,
    failed: result.failed,
    ...(mirror === undefined ? {} : { mirror }),
  };
  options.progress.finish(summary);
  if (mirrorError !== undefined)
    throw new PipelineError(
      `run ${runId} succeeded but marking vanished records deleted failed (${mirrorError}); run again with --mirror`,
    );
  return summary;
}

/** Runs tasks in this process; when the source can, every partition reads one shared snapshot. */
async function executeInProcess(
  context: RunContext,
  tasks: readonly PartitionTask[],
  options: {
    readonly concurrency: number;
    readonly progress: ProgressReporter;
    readonly signal: AbortSignal;
  },
): Promise<ExecutionResult> {
  const snapshots = context.connector.snapshots;
  const snapshot = await snapshots?.exportSnapshot().catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    options.progress.note(
      `no consistent snapshot of the source (${reason}); partitions read the latest state`,
    );
    return undefined;
  });
  try {
    const resources = staticTaskResources({
      connector: context.connector,
      mapping: context.mapping,
      loader: new Loader(context.client, options.concurrency * 2),
      store: context.store,
      onBatch: (_task, batch) => options.progress.batch(batch),
      ...(snapshot === undefined ? {} : { snapshot }),
    });
    return await new InProcessExecutor(resources, options.concurrency).execute(tasks, options.signal);
  } finally {
    if (snapshot !== undefined) await snapshots?.releaseSnapshot(snapshot).catch(() => {});
  }
}

/** A mirror run must read every record: never a dry run nor an incremental one. */
function mirrorPrecondition(run: {
  readonly dryRun: boolean;
  readonly options: Readonly<Record<string, unknown>>;
}): void {
  if (run.dryRun) throw new PipelineError('--mirror cannot be combined with --dry-run');
  if (run.options['incremental'] === true)
    throw new PipelineError(
      '--mirror cannot be combined with --incremental (an incremental run does not see every record)',
    );
}
