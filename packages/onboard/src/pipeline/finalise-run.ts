import type { SourceStats } from '@madeup/contract';
import type { ExecutionResult } from '../executor/executor.ts';
import type { RunStatus } from '../store/run-records.ts';
import { changedWhileRead, changedWhileReadNote } from './changed-while-read.ts';
import { mergeReport } from './merge-report.ts';
import { type EntityMirror, mirrorDeletions } from './mirror.ts';
import { nullCursorNote, nullCursorReads } from './null-cursor-reads.ts';
import type { RunContext } from './open-run-context.ts';
import { PipelineError } from './pipeline-errors.ts';
import type { PreparedRun } from './prepare-run.ts';
import type { ProgressReporter } from './progress-reporter.ts';
import { reconcile, skipReasons } from './reconcile.ts';
import { runDuration } from './run-duration.ts';
import type { RunSummary } from './run-summary.ts';
import { runWatermarks } from './run-watermarks.ts';

/**
 * The last step of an execution: from how the executor ended, the run's status; when it succeeded,
 * a mirror run marks the source's records it did not see deleted (reading the ids its batches
 * stored, whichever process recorded them), and the totals are reconciled with core's stats.
 * Stores the reconciliation, then the status together with the watermarks a successful run moves,
 * shows the summary, and returns it.
 */
export async function finaliseRun(
  context: Pick<RunContext, 'store' | 'client' | 'schema' | 'target'>,
  prepared: PreparedRun,
  result: ExecutionResult,
  options: { readonly progress: ProgressReporter; readonly signal: AbortSignal },
): Promise<RunSummary> {
  const { store } = context;
  const { run } = prepared;
  const runId = run.id;
  const status: RunStatus = result.aborted ? 'cancelled' : result.failed.length > 0 ? 'failed' : 'succeeded';
  const totals = await store.entityTotals(runId);
  const order = new Map(run.phases.flat().map((entity, i) => [entity, i]));
  totals.sort((a, b) => (order.get(a.entity) ?? 0) - (order.get(b.entity) ?? 0));
  // An entity read only past a watermark (or any entity of a dry run) cannot match core's totals;
  // entities read whole (no watermark yet, or no cursor column) reconcile as in a full run.
  const skipOf = skipReasons(run.dryRun, prepared.tasks);
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
  let mirror: EntityMirror[] | undefined;
  let mirrorError: string | undefined;
  if (run.options['mirror'] === true && status === 'succeeded') {
    mirror = await mirrorDeletions(context.client, {
      runId,
      source: run.sourceName,
      entities: run.phases.flat().reverse(),
      seen: store.mirror,
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
  // A mirror run whose deletions did not finish is not done: it stays resumable, and its resume
  // lists core's records again and finishes them (the ids deleted so far are kept with the run).
  const ended: RunStatus = mirrorError === undefined ? status : 'failed';
  const error =
    mirrorError !== undefined
      ? `marking vanished records deleted failed: ${mirrorError}`
      : result.failed.map((f) => `${f.taskId}: ${f.error}`).join('; ') || null;
  // Watermarks move with the `succeeded` status, in one transaction: a run killed before it (in its
  // deletions, say) or whose deletions failed moves none, and one resumed moves them when it succeeds.
  const watermarks =
    ended === 'succeeded' && !run.dryRun
      ? await runWatermarks(store, runId, context.target, run.sourceName, prepared.tasks)
      : [];
  await store.setRunStatus(runId, ended, ended === 'cancelled' ? 'cancelled' : error, watermarks);
  if (ended === 'succeeded' && !run.dryRun) {
    const changed = await changedWhileRead(store, runId, prepared.tasks);
    if (changed.length > 0)
      options.progress.note(changedWhileReadNote(changed), { changedWhileRead: changed });
  }
  if (ended === 'succeeded') {
    const reads = await nullCursorReads(store, runId, prepared.tasks);
    if (reads.length > 0)
      options.progress.note(nullCursorNote(reads), {
        nullCursorRows: Object.fromEntries(reads.map((r) => [r.entity, r.rows])),
      });
  }
  const merges = mergeReport(await store.merges.list(runId));
  const summary: RunSummary = {
    runId,
    status: ended,
    dryRun: run.dryRun,
    ...runDuration(run, performance.now() - prepared.started),
    entities: totals,
    reconciliation,
    failed: result.failed,
    ...(mirror === undefined ? {} : { mirror }),
    ...(merges.length === 0 ? {} : { merges }),
  };
  options.progress.finish(summary);
  if (mirrorError !== undefined)
    throw new PipelineError(
      `run ${runId} loaded every record but marking vanished records deleted failed (${mirrorError}); \`onboard resume ${runId}\` finishes the deletions`,
      'transient',
    );
  return summary;
}
