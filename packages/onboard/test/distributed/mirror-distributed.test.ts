import { describeWithServer, POSTGRES, REDIS, useRedisPrefix } from '@madeup/testkit';
import { expect, it } from 'vitest';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { deletedIds, dropLeaves } from '../pipeline/mirror-support.ts';
import { MAPPING, runImport } from '../pipeline/pipeline-support.ts';
import { runIdOf, runOnboardCommand } from './coordinator.ts';
import { SECRET_KEY, useDistributedWorld } from './distributed-setup.ts';
import { killAll, startWorker } from './worker-process.ts';

const LEAVES = ['payments', 'invoiceLines'];

describeWithServer('mirror runs on BullMQ [PostgreSQL store]', POSTGRES, () => {
  describeWithServer('with Redis', REDIS, () => {
    const world = useDistributedWorld(600);
    const redis = useRedisPrefix('mirror');

    it('marks deleted the same records as the in-process mirror run, with the ids kept by the workers', async () => {
      const w = world();
      const [inProcess, queued] = [await w.tenant(), await w.tenant()];
      const importAll = (token: string, mirror: boolean) =>
        runImport({
          mappingPath: MAPPING,
          sourceUrl: w.source,
          coreUrl: w.core.url,
          token,
          storeUrl: w.store.url,
          dryRun: false,
          mirror,
        });
      for (const token of [inProcess, queued])
        expect((await importAll(token, false)).status).toBe('succeeded');
      dropLeaves(w.source.replace(/^sqlite:/, ''), 11);

      const reference = await importAll(inProcess, true);
      expect(reference.status).toBe('succeeded');
      const want: Record<string, string[]> = {};
      for (const entity of LEAVES) {
        want[entity] = await deletedIds(w.core.url, inProcess, entity);
        expect(want[entity]?.length).toBeGreaterThan(3);
      }

      const workers = [0, 1].map(() =>
        startWorker(
          [
            '--redis',
            redis.url,
            '--store',
            w.store.url,
            '--queue-prefix',
            redis.prefix,
            '--concurrency',
            '2',
          ],
          { ONBOARD_SECRET_KEY: SECRET_KEY },
        ),
      );
      try {
        await Promise.all(workers.map((x) => x.waitFor((e) => e.event === 'worker.ready')));
        const { code, stdout, stderr } = await runOnboardCommand(
          w.coordinatorArgs('run', queued, redis.url, redis.prefix, ['--mirror']),
          { ONBOARD_TOKEN: queued, ONBOARD_SECRET_KEY: SECRET_KEY },
        ).done;
        expect(code, stderr.slice(-2000)).toBe(0);
        const runId = runIdOf(stdout) as string;
        const end = JSON.parse(
          stdout
            .trim()
            .split('\n')
            .find((l) => l.includes('"event":"run.end"')) ?? '{}',
        ) as RunSummary;
        expect(end).toMatchObject({ runId, status: 'succeeded' });
        expect(end.mirror).toEqual(reference.mirror);
        expect(workers.some((x) => x.events.some((e) => e.event === 'task.done' && e.runId === runId))).toBe(
          true,
        );
        for (const entity of LEAVES)
          expect(await deletedIds(w.core.url, queued, entity)).toEqual(want[entity]);
        const kept = await openRunStore(w.store.url);
        try {
          // The ids came from the workers' batches, through the shared PostgreSQL store.
          expect((await kept.mirror.seenIdCounts(runId)).get('payments')).toBeGreaterThan(0);
        } finally {
          await kept.close();
        }
      } finally {
        await killAll(workers);
      }
    }, 300_000);
  });
});
