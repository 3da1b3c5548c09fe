import { readEnv } from '../config/environment.ts';
import { stripSecrets } from '../config/redact-url.ts';
import { DEFAULT_QUEUE_PREFIX } from '../executor/bullmq/queue-defaults.ts';
import { sealSecrets } from '../executor/bullmq/sealed-secrets.ts';
import { tenantKey } from '../executor/bullmq/tenant-queue.ts';
import type { Executor } from '../executor/executor.ts';
import { inProcessExecutor } from '../pipeline/execute-run.ts';
import type { RunContext } from '../pipeline/open-run-context.ts';
import { PipelineError } from '../pipeline/pipeline-errors.ts';
import type { ProgressReporter } from '../pipeline/progress-reporter.ts';
import type { ExecutorFlags } from './executor-flags.ts';

/** The run the executor serves, with its connection facts (secrets travel only sealed). */
export interface ExecutorContext {
  /** The opened run: its store, source connector, mapping and core client. */
  readonly run: RunContext;
  readonly storeUrl: string;
  readonly coreUrl: string;
  readonly token: string;
  readonly sourceUrl: string;
  readonly concurrency: number;
  /** Told about batches and notable events. */
  readonly progress: ProgressReporter;
}

/**
 * The executor the flags ask for: this process (the default, `inProcessExecutor`), or a
 * `BullmqExecutor`. The run's secrets travel sealed with `ONBOARD_SECRET_KEY` when it is set.
 */
export async function executorFromFlags(flags: ExecutorFlags, context: ExecutorContext): Promise<Executor> {
  const kind = flags.executor ?? 'in-process';
  if (kind === 'in-process') return inProcessExecutor(context.run, context);
  if (kind !== 'bullmq')
    throw new PipelineError(`--executor must be in-process or bullmq, got "${kind}"`, 'usage');
  if (flags.redis === undefined || flags.redis === '')
    throw new PipelineError('--executor bullmq needs --redis URL (or ONBOARD_REDIS_URL)', 'usage');
  if (!/^postgres(ql)?:/.test(context.storeUrl))
    throw new PipelineError('--executor bullmq needs a run store the workers share: --store postgres://…');
  const limit = flags.tenantConcurrency === undefined ? context.concurrency : Number(flags.tenantConcurrency);
  if (!Number.isInteger(limit) || limit < 1)
    throw new PipelineError(
      `--tenant-concurrency must be a positive integer, got "${flags.tenantConcurrency}"`,
      'usage',
    );
  const tenant = tenantKey(flags.tenant, stripSecrets(context.coreUrl), context.token);
  const secretKey = readEnv('secretKey');
  const withPassword = stripSecrets(context.sourceUrl) !== context.sourceUrl;
  const sealed =
    secretKey === undefined || secretKey === ''
      ? null
      : sealSecrets(
          { token: context.token, ...(withPassword ? { sourceUrl: context.sourceUrl } : {}) },
          secretKey,
        );
  // Loaded only for this executor: BullMQ and Redis are no part of an in-process run.
  const { BullmqExecutor } = await import('../executor/bullmq/bullmq-executor.ts');
  return new BullmqExecutor({
    queue: { redisUrl: flags.redis, prefix: flags.queuePrefix ?? DEFAULT_QUEUE_PREFIX },
    store: context.run.store,
    tenant,
    tenantConcurrency: limit,
    sealed,
    onNote: (message) => context.progress.note(message),
    onBatch: (batch) => context.progress.batch(batch),
    ...(context.run.connector.snapshots === undefined ? {} : { snapshots: context.run.connector.snapshots }),
  });
}
