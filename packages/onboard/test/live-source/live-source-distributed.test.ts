import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, describeWithServer, POSTGRES, REDIS, useRedisPrefix } from '@madeup/testkit';
import pg from 'pg';
import { expect, it } from 'vitest';
import { runOnboardCommand } from '../distributed/coordinator.ts';
import { SECRET_KEY } from '../distributed/distributed-setup.ts';
import { killAll, startWorker } from '../distributed/worker-process.ts';
import { useE2eCore } from '../e2e/e2e-support.ts';
import { startFaultProxy } from '../pipeline/fault-proxy.ts';
import { coreRecords } from '../repeated-runs/core-records.ts';
import { SQLITE_SECONDS_CURSOR } from '../repeated-runs/shop-cursor.ts';
import { SHOP_SOURCE_NAME, ShopSource, writeShopMapping } from '../repeated-runs/shop-source.ts';
import { expectTenantEqualsSource } from './live-checks.ts';
import { LiveWriter } from './live-writer.ts';
import { sourceCustomers } from './source-customers.ts';

const FIELDS = { fields: ['firstName', 'lastName', 'email', 'phone'], refs: [] };
const CHANGED = 'the source changed while this run read it';

/**
 * The live-source counterexample (live-source.test.ts) on the distributed path: the coordinator
 * plans (and caps the watermark), a worker process reads the partitions one after the other. Once
 * the first partition is done, the vendor application changes every row, in key order, while the
 * worker waits for core's answer to the first batch of the next one: rows of the partition read
 * already get older cursors than rows the worker reads after. The watermark must stay at the
 * largest value at planning time, so the quiet incremental run reads the rows the run missed.
 */
describeWithServer('a distributed run racing the vendor application [PostgreSQL store]', POSTGRES, () => {
  describeWithServer('with Redis', REDIS, () => {
    const fixture = useE2eCore();
    const redis = useRedisPrefix('live');

    it('leaves rows changed in a partition read already to the next incremental run', async () => {
      const { token } = await fixture().tenant('sqlite');
      const dir = await mkdtemp(join(tmpdir(), 'onboard-live-bullmq-'));
      const store = await createTestDatabase('postgres', 'live');
      const proxy = await startFaultProxy(fixture().core.url);
      const cursor = SQLITE_SECONDS_CURSOR;
      const source = await ShopSource.create(dir, cursor, 0);
      const live = { rows: 6, shuffle: 1, every: 1, bursts: [] };
      const writer = await LiveWriter.create(source.url, cursor, 0, live, 'wal');
      const mapping = join(dir, 'shop.yaml');
      writeShopMapping(mapping);
      const tasks = new pg.Client({ connectionString: store.url });
      await tasks.connect();
      const worker = startWorker(
        ['--redis', redis.url, '--store', store.url, '--queue-prefix', redis.prefix, '--concurrency', '1'],
        { ONBOARD_SECRET_KEY: SECRET_KEY },
      );
      const run = async (incremental: boolean) => {
        const args = ['run', '--executor', 'bullmq', '--redis', redis.url, '--queue-prefix', redis.prefix];
        args.push('--store', store.url, '--mapping', mapping, '--source', source.url, '--core', proxy.url);
        args.push('--partition-rows', '2', '--batch-records', '1', '--concurrency', '1', '--json');
        const ended = await runOnboardCommand(incremental ? [...args, '--incremental'] : args, {
          ONBOARD_TOKEN: token,
          ONBOARD_SECRET_KEY: SECRET_KEY,
        }).done;
        expect(ended.code, ended.stderr).toBe(0);
        return ended.stdout;
      };
      const core = () =>
        coreRecords({ coreUrl: fixture().core.url, token }, 'customers', SHOP_SOURCE_NAME, FIELDS);
      try {
        await worker.waitFor((event) => event.event === 'worker.ready');
        // The first batch sent once a task is done holds its worker until every row is changed.
        let raced = false;
        proxy.answered = async (_index, method, url) => {
          if (raced || method !== 'POST' || !url.startsWith('/v1/import/customers')) return;
          const done = await tasks.query("SELECT 1 FROM onboard_tasks WHERE status = 'done' LIMIT 1");
          if (done.rowCount === 0 || raced) return;
          raced = true;
          writer.burst([0, 1, 2, 3, 4, 5].map((pick) => ({ kind: 'update', pick, phone: `555-01${pick}` })));
          await writer.drain();
        };
        const first = await run(false);
        expect(raced, 'the writer changed the rows while the run read them').toBe(true);
        const rows = await sourceCustomers(cursor.dialect, source.url);
        // The run missed changes (it read their partition before), and read later ones.
        const missed = [...(await core())].filter(
          ([id, r]) => r.fields['firstName'] !== rows.get(id)?.firstName,
        );
        expect(missed.length, 'rows the run read before they changed').toBeGreaterThan(0);
        expect(first.split('\n').filter((line) => line.includes(CHANGED))).toHaveLength(1);

        const quiet = await run(true);
        expect(quiet).not.toContain(CHANGED);
        expectTenantEqualsSource(rows, await core(), writer.deleted, 'after the quiet incremental run');
      } finally {
        await killAll([worker]);
        await tasks.end();
        await writer.close();
        await source.close();
        await proxy.close();
        await store.drop();
        await rm(dir, { recursive: true, force: true });
      }
    }, 60_000);
  });
});
