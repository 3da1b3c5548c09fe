import type { Command } from 'commander';
import { readEnv } from '../../config/environment.ts';
import { UsageError } from '../../errors/onboard-error.ts';
import { DEFAULT_QUEUE_PREFIX } from '../../executor/bullmq/queue-defaults.ts';
import { DEFAULT_IDLE_CLOSE_MS } from '../../worker/worker-defaults.ts';
import { retryPolicyOf } from '../retry-flag.ts';
import { positiveInt } from '../run-flags.ts';

interface WorkerFlags {
  redis?: string;
  store?: string;
  concurrency: string;
  queuePrefix: string;
  metricsPort?: string;
  graceMs: string;
  lockMs: string;
  stalledMs: string;
  coreConcurrency: string;
  idleCloseMs: string;
  retryFor?: string;
}

/**
 * `onboard worker --redis URL --store postgres://… [--concurrency N]`: runs partition tasks of any
 * run and tenant from the task queues until SIGTERM/SIGINT, then finishes (or hands back) the tasks
 * it holds and exits 0. One JSON line per event on stdout.
 */
export const registerWorker = (program: Command): void => {
  program
    .command('worker')
    .description(
      'Run partition tasks of any run and tenant from the BullMQ task queues (start one per core, on any machine)',
    )
    .option('--redis <url>', 'Redis of the task queues (or ONBOARD_REDIS_URL)', readEnv('redisUrl'))
    .option('--store <url>', 'the shared run store, postgres://… (or ONBOARD_STORE)', readEnv('store'))
    .option('--concurrency <n>', 'tasks at once in this process, shared between tenants with work', '4')
    .option(
      '--queue-prefix <prefix>',
      'key prefix of the task queues in Redis',
      readEnv('queuePrefix') ?? DEFAULT_QUEUE_PREFIX,
    )
    .option(
      '--metrics-port <port>',
      'serve Prometheus metrics on GET /metrics at this port (0: any free port)',
    )
    .option(
      '--grace-ms <ms>',
      'on SIGTERM, wait this long for running tasks before handing them back',
      '30000',
    )
    .option('--lock-ms <ms>', 'a job whose worker died is taken over after this long', '30000')
    .option('--stalled-ms <ms>', 'how often to look for jobs of dead workers', '15000')
    .option('--core-concurrency <n>', 'requests in flight to each core', '8')
    .option(
      '--retry-for <duration>',
      'how long to keep retrying while core is down or busy, e.g. 90s, 10m (or ONBOARD_RETRY_FOR; default 5m)',
      readEnv('retryFor'),
    )
    .option(
      '--idle-close-ms <ms>',
      "close a run's core client, source connections and store after this long unused (0: never)",
      String(DEFAULT_IDLE_CLOSE_MS),
    )
    .action(async (flags: WorkerFlags) => {
      if (flags.redis === undefined || flags.redis === '')
        throw new UsageError('no Redis: pass --redis or set ONBOARD_REDIS_URL');
      if (flags.store === undefined || !/^postgres(ql)?:/.test(flags.store))
        throw new UsageError('a worker needs the shared run store: --store postgres://… (or ONBOARD_STORE)');
      const number = (name: string, value: string) => positiveInt(name, value) as number;
      const idleCloseMs = Number(flags.idleCloseMs);
      if (!/^\d+$/.test(flags.idleCloseMs) || !Number.isSafeInteger(idleCloseMs))
        throw new UsageError(
          `--idle-close-ms must be a whole number of ms (0: never), got "${flags.idleCloseMs}"`,
        );
      // Migrate (or check) the store once before taking jobs, so a bad --store fails here, not per task.
      const { openRunStore } = await import('../../store/open-run-store.ts');
      await openRunStore(flags.store).then((store) => store.close());
      const secretKey = readEnv('secretKey');
      const fallbackToken = readEnv('token');
      // Loaded here, not at start-up: BullMQ, Redis and the metrics are only a worker's.
      const [{ TaskWorker }, { startMetricsServer }, { jsonLines }] = await Promise.all([
        import('../../worker/task-worker.ts'),
        import('../../worker/metrics-server.ts'),
        import('../../worker/worker-events.ts'),
      ]);
      const worker = new TaskWorker(
        {
          queue: { redisUrl: flags.redis, prefix: flags.queuePrefix },
          storeUrl: flags.store,
          concurrency: number('concurrency', flags.concurrency),
          lockMs: number('lock-ms', flags.lockMs),
          stalledMs: number('stalled-ms', flags.stalledMs),
          coreConcurrency: number('core-concurrency', flags.coreConcurrency),
          retry: retryPolicyOf(flags.retryFor),
          idleCloseMs,
          ...(secretKey ? { secretKey } : {}),
          ...(fallbackToken ? { fallbackToken } : {}),
        },
        jsonLines(),
      );
      const metrics =
        flags.metricsPort === undefined
          ? undefined
          : await startMetricsServer(worker.metrics.registry, Number(flags.metricsPort));
      if (metrics)
        process.stderr.write(`onboard worker: metrics on http://0.0.0.0:${metrics.port}/metrics\n`);
      await worker.start();
      const name = await new Promise<string>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      });
      const quit = () => process.exit(130);
      process.once('SIGTERM', quit);
      process.once('SIGINT', quit);
      await worker.stop(name, Number(flags.graceMs) || 0);
      await metrics?.close();
    });
};
