import type { Command } from 'commander';
import { readEnv } from '../config/environment.ts';
import { DEFAULT_QUEUE_PREFIX } from '../executor/bullmq/queue-defaults.ts';

/** The flags that choose where a run's tasks run. */
export interface ExecutorFlags {
  executor?: string;
  redis?: string;
  queuePrefix?: string;
  tenant?: string;
  tenantConcurrency?: string;
}

/** Adds `--executor --redis --queue-prefix --tenant --tenant-concurrency` to `run` and `resume`. */
export function addExecutorFlags(command: Command): Command {
  return command
    .option(
      '--executor <kind>',
      'where tasks run: in-process, or bullmq (on `onboard worker` processes)',
      'in-process',
    )
    .option(
      '--redis <url>',
      'Redis of the task queues, with --executor bullmq (or ONBOARD_REDIS_URL)',
      readEnv('redisUrl'),
    )
    .option(
      '--queue-prefix <prefix>',
      'key prefix of the task queues in Redis',
      readEnv('queuePrefix') ?? DEFAULT_QUEUE_PREFIX,
    )
    .option('--tenant <name>', 'the tenant queue to use (default: a digest of core URL and token)')
    .option(
      '--tenant-concurrency <n>',
      "this tenant's tasks at once over all workers (default: --concurrency)",
    );
}
