import type { EntityDeletions } from '../store/deletions.ts';
import type { RunStore } from '../store/run-store.ts';
import { mergeReport } from './merge-report.ts';
import type { EntityMirror } from './mirror.ts';
import { PipelineError } from './pipeline-errors.ts';
import type { EntityReconciliation, RunSummary } from './run-summary.ts';

/** A run's summary rebuilt from the store, for `onboard report`. */
export async function storedSummary(
  store: RunStore,
  runId: string,
): Promise<
  RunSummary & { readonly tasks: Record<string, number>; readonly deletions?: readonly EntityDeletions[] }
> {
  const run = await store.getRun(runId);
  if (run === undefined) throw new PipelineError(`no run ${runId} in the run store`);
  const order = new Map(run.phases.flat().map((entity, i) => [entity, i]));
  const entities = (await store.entityTotals(runId)).sort(
    (a, b) => (order.get(a.entity) ?? 0) - (order.get(b.entity) ?? 0),
  );
  const tasks = await store.listTasks(runId);
  const counts: Record<string, number> = {};
  for (const task of tasks) counts[task.status] = (counts[task.status] ?? 0) + 1;
  const deletions = run.options['mirror'] === true ? await store.mirror.deletions(runId) : undefined;
  const gaps = deletions === undefined ? new Map<string, string>() : await store.mirror.gaps(runId);
  const mirror: EntityMirror[] | undefined = deletions?.map((d) => ({ entity: d.entity, deleted: d.count }));
  for (const [entity, reason] of gaps) mirror?.push({ entity, deleted: 0, skipped: reason });
  const merges = mergeReport(await store.merges.list(runId));
  const start = run.startedAt ?? run.createdAt;
  const end = run.finishedAt ?? new Date().toISOString();
  return {
    runId,
    status: run.status,
    dryRun: run.dryRun,
    durationMs: Date.parse(end) - Date.parse(start),
    entities,
    reconciliation: Array.isArray(run.reconciliation) ? (run.reconciliation as EntityReconciliation[]) : [],
    failed: tasks
      .filter((t) => t.status === 'failed')
      .map((t) => ({ taskId: t.taskId, error: t.error ?? '' })),
    tasks: counts,
    ...(mirror === undefined ? {} : { mirror }),
    ...(deletions === undefined ? {} : { deletions }),
    ...(merges.length === 0 ? {} : { merges }),
  };
}
