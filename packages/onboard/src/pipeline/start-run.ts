import { redactUrl, stripSecrets } from '../config/redact-url.ts';
import { tenantOf } from '../executor/run-tenant.ts';
import { planRun, type RunPlan } from '../planner/plan-run.ts';
import { storeCoordinate } from '../store/open-run-store.ts';
import { executeRun } from './execute-run.ts';
import { planMerges } from './find-duplicates.ts';
import type { RunContext } from './open-run-context.ts';
import type { ProgressReporter } from './progress-reporter.ts';
import type { RunConfig, StoredRunOptions } from './run-config.ts';
import { newRunId } from './run-id.ts';
import type { RunSummary } from './run-summary.ts';

/** Plans a run: phases, partitions and tasks, without writing anything. */
export function planFor(context: RunContext, config: RunConfig, runId: string): Promise<RunPlan> {
  return planRun(context.schema, context.mapping, context.connector, {
    runId,
    mapping: { path: context.mappingPath, hash: context.mappingHash },
    coordinates: {
      source: stripSecrets(config.sourceUrl),
      core: stripSecrets(config.coreUrl),
      store: storeCoordinate(config.storeUrl),
    },
    dryRun: config.dryRun,
    timezone: config.timezone,
    // The discovery the mapping was compiled against: the source is discovered once per run.
    ...(context.streams === undefined ? {} : { streams: context.streams }),
    targetPartitionRows: config.partitionRows,
    minPartitions: config.concurrency,
    ...(config.batchRecords === undefined ? {} : { maxBatchRecords: config.batchRecords }),
    ...(config.incremental
      ? {
          watermark: async (stream: string, column: string) => {
            const mark = await context.store.getWatermark(context.target, context.mapping.source, stream);
            return mark?.cursorColumn === column ? mark.value : undefined;
          },
        }
      : {}),
  });
}

/** Plans a new run, stores it with its tasks, and executes it in this process. */
export async function startRun(
  context: RunContext,
  config: RunConfig,
  progress: ProgressReporter,
  signal: AbortSignal,
): Promise<RunSummary> {
  const runId = await createRun(context, config, { mergesLater: true });
  return executeRun(context, runId, {
    concurrency: config.concurrency,
    progress,
    signal,
  });
}

/**
 * Plans a new run and stores it with its tasks (all pending); returns its id. Any executor can run
 * it. The merge plan is made and stored before the run, unless `mergesLater`: then a run whose
 * mapping merges duplicates is stored without it, marked `mergesPending`, and its execution
 * (`executeRun`) makes the plan while the tasks that do not apply it run.
 */
export async function createRun(
  context: RunContext,
  config: RunConfig,
  how: { readonly mergesLater?: boolean } = {},
): Promise<string> {
  const runId = newRunId();
  const tenantId = tenantOf(await context.client.whoami(), context.client.displayUrl);
  const plan = await planFor(context, config, runId);
  const mergesPending =
    how.mergesLater === true && context.mapping.entities.some((e) => e.merge !== undefined);
  // Before the run is stored, unless it is stored as pending: a run is never stored without the
  // merge plan its tasks apply, or the mark that makes its execution plan the merges first.
  const merges = mergesPending ? [] : await planMerges(context, plan.tasks);
  const options: StoredRunOptions = {
    concurrency: config.concurrency,
    partitionRows: config.partitionRows,
    timezone: config.timezone,
    incremental: config.incremental === true,
    ...(config.mirror === true ? { mirror: true } : {}),
    ...(config.batchRecords === undefined ? {} : { batchRecords: config.batchRecords }),
  };
  await context.store.createRun({
    id: runId,
    sourceName: context.mapping.source,
    sourceUrl: redactUrl(config.sourceUrl),
    coreUrl: redactUrl(config.coreUrl),
    tenantId,
    mappingPath: context.mappingPath,
    mappingHash: context.mappingHash,
    schemaVersion: context.schema.version,
    dryRun: config.dryRun,
    options: { ...options, coordinates: plan.tasks[0]?.coordinates ?? null },
    phases: plan.phases.map((phase) => phase.map((e) => e.entity)),
    ...(mergesPending ? { mergesPending } : {}),
  });
  await context.store.addTasks(
    runId,
    plan.tasks.map((task) => ({
      taskId: task.taskId,
      phase: task.phase,
      entity: task.entity,
      stream: task.stream.name,
      partitionIndex: task.partition.index,
      estimatedRows: task.estimatedRows,
      task,
    })),
  );
  if (!mergesPending) await context.store.merges.add(runId, merges);
  return runId;
}
