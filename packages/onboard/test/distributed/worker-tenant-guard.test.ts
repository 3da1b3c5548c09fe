import { describeWithServer, POSTGRES, REDIS, useRedisPrefix } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { runIdOf, runOnboardCommand } from './coordinator.ts';
import { useDistributedWorld } from './distributed-setup.ts';
import { startWorker } from './worker-process.ts';

describeWithServer('a queue worker holding another tenant’s token [PostgreSQL store]', POSTGRES, () => {
  describeWithServer('with Redis', REDIS, () => {
    const world = useDistributedWorld(300);
    const redis = useRedisPrefix('guard');

    it('fails each task once, naming both tenants, and writes nothing into its own tenant', async () => {
      const w = world();
      const [owner, other] = [await w.tenant(), await w.tenant()];
      const prefix = `${redis.prefix}0`;
      // Jobs without sealed secrets: the worker uses its own token, here another tenant's.
      const worker = startWorker(
        ['--redis', redis.url, '--store', w.store.url, '--queue-prefix', prefix, '--concurrency', '2'],
        { ONBOARD_TOKEN: other },
      );
      try {
        await worker.waitFor((e) => e.event === 'worker.ready');
        const run = runOnboardCommand(w.coordinatorArgs('run', owner, redis.url, prefix), {
          ONBOARD_TOKEN: owner,
        });
        const { code, stdout, stderr } = await run.done;
        expect(code, stderr).not.toBe(0);
        const runId = runIdOf(stdout) as string;
        const failed = worker.events.filter((e) => e.event === 'task.failed');
        expect(failed.length).toBeGreaterThan(0);
        const error = String((failed[0] as { error?: string }).error);
        expect(error).toContain(`run ${runId} belongs to tenant`);
        expect(error).toContain('but the token given is tenant');
        // No retry: every failed task failed exactly once.
        const perTask = new Map<string, number>();
        for (const e of failed) perTask.set(String(e.taskId), (perTask.get(String(e.taskId)) ?? 0) + 1);
        expect([...perTask.values()].every((n) => n === 1)).toBe(true);
        expect(worker.events.some((e) => e.event === 'task.done')).toBe(false);
        const stats = (await w.stats(other)) as { entities: { count: number }[] };
        expect(stats.entities.reduce((n, e) => n + e.count, 0)).toBe(0);
      } finally {
        worker.child.kill('SIGTERM');
        await worker.exited;
      }
    }, 180_000);
  });
});
