import { describeWithServer, POSTGRES, REDIS, useRedisPrefix } from '@madeup/testkit';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { taskJobId } from '../../src/executor/bullmq/task-job.ts';
import { tenantKey, tenantQueueName } from '../../src/executor/bullmq/tenant-queue.ts';
import { runIdOf, runOnboardCommand } from './coordinator.ts';
import { SECRET_KEY, useDistributedWorld } from './distributed-setup.ts';
import { killAll, startWorker, type WorkerProcess } from './worker-process.ts';

const ROWS = 2000;

describeWithServer('distributed runs on BullMQ [PostgreSQL store]', POSTGRES, () => {
  describeWithServer('with Redis', REDIS, () => {
    const world = useDistributedWorld(ROWS);
    const redis = useRedisPrefix('dist');
    let round = 0;
    /** A fresh queue prefix under the file's own, so each test sees only its workers. */
    const freshPrefix = () => `${redis.prefix}${round++}`;
    const workerArgs = (redisUrl: string, prefix: string, extra: readonly string[] = []) => [
      '--redis',
      redisUrl,
      '--store',
      world().store.url,
      '--queue-prefix',
      prefix,
      '--concurrency',
      '2',
      '--lock-ms',
      '8000',
      '--stalled-ms',
      '2000',
      ...extra,
    ];
    const workerEnv = { ONBOARD_SECRET_KEY: SECRET_KEY };
    const coordinatorEnv = (token: string) => ({ ONBOARD_TOKEN: token, ONBOARD_SECRET_KEY: SECRET_KEY });

    it('runs over three worker processes to the in-process end state, record for record', async () => {
      const w = world();
      const prefix = freshPrefix();
      const token = await w.tenant();
      const workers = [0, 1, 2].map(() => startWorker(workerArgs(redis.url, prefix), workerEnv));
      try {
        await Promise.all(workers.map((x) => x.waitFor((e) => e.event === 'worker.ready')));
        const run = runOnboardCommand(
          w.coordinatorArgs('run', token, redis.url, prefix),
          coordinatorEnv(token),
        );
        const { code, stdout, stderr } = await run.done;
        expect(code, stderr).toBe(0);
        const runId = runIdOf(stdout) as string;
        expect(await w.outcomeOf(runId)).toEqual(w.reference);
        expect(await w.stats(token)).toEqual(w.referenceStats);
        const busy = workers.filter((x) => x.events.some((e) => e.event === 'task.done'));
        expect(busy.length).toBeGreaterThanOrEqual(2);
        // The job carries the token sealed, never in plain text.
        const tenant = tenantKey(undefined, `${w.proxy.url}/`, token);
        const client = new Redis(redis.url);
        const keys = await client.keys(`${prefix}:${tenantQueueName(tenant)}:${runId}*`);
        const data = await client.hget(
          `${prefix}:${tenantQueueName(tenant)}:${taskJobId({ runId, taskId: 'products#0' })}`,
          'data',
        );
        client.disconnect();
        expect(keys.length).toBeGreaterThan(0);
        expect(data).toContain('"sealed":"v1.');
        expect(data).not.toContain(token);
      } finally {
        for (const x of workers) x.child.kill('SIGTERM');
        await Promise.all(workers.map((x) => x.exited));
      }
    }, 300_000);
  });
});
