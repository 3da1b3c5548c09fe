import type { Executor } from '../executor/executor.ts';
import { checkRunTenant, tenantOf } from '../executor/run-tenant.ts';
import { executeRun } from './execute-run.ts';
import type { RunContext } from './open-run-context.ts';
import { PipelineError } from './pipeline-errors.ts';
import type { ProgressReporter } from './progress-reporter.ts';
import type { RunLockOptions } from './run-lock.ts';
import type { RunSummary } from './run-summary.ts';

/**
 * Continues a stored run: tasks already done are kept, the others continue from their checkpoints.
 * Refuses when the token is another tenant's than the run's (`TenantMismatchError`, naming both),
 * when the mapping file or core's model changed since the run started, and when another process
 * works the run now (`RunLockedError`, naming it). A run stored before tenants were recorded is
 * bound to the token's tenant.
 */
export async function resumeRun(
  context: RunContext,
  runId: string,
  concurrency: number,
  progress: ProgressReporter,
  signal: AbortSignal,
  executor?: Executor,
  lock?: RunLockOptions,
): Promise<RunSummary> {
  const run = await context.store.getRun(runId);
  if (run === undefined) throw new PipelineError(`no run ${runId} in the run store`);
  if (run.status === 'succeeded')
    throw new PipelineError(`run ${runId} already succeeded; start a new run instead`);
  const who = await context.client.whoami(signal);
  checkRunTenant(run, who, context.client.displayUrl);
  if (run.tenantId === null) {
    const tenant = tenantOf(who, context.client.displayUrl);
    await context.store.setRunTenant(runId, tenant);
    progress.note(`run ${runId} did not record its tenant; it is now bound to tenant ${tenant}`);
  }
  if (run.mappingHash !== context.mappingHash) {
    throw new PipelineError(
      `the mapping ${run.mappingPath} changed since run ${runId} started; start a new run instead`,
    );
  }
  if (run.schemaVersion !== context.schema.version) {
    throw new PipelineError(
      `core's model changed since run ${runId} started (schema ${run.schemaVersion} -> ${context.schema.version}); start a new run instead`,
    );
  }
  const tasks = await context.store.listTasks(runId);
  const done = tasks.filter((task) => task.status === 'done').length;
  const read = (await context.store.entityTotals(runId)).reduce((sum, entity) => sum + entity.read, 0);
  progress.note(
    `resuming run ${runId} (${run.status}): ${done} of ${tasks.length} tasks done, ${read} rows recorded; the others continue after their last recorded batch`,
  );
  return executeRun(context, runId, {
    concurrency,
    progress,
    signal,
    ...(executor ? { executor } : {}),
    ...(lock ? { lock } : {}),
  });
}
