import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, describeWithServer, POSTGRES, REDIS, useRedisPrefix } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { useE2eCore } from '../e2e/e2e-support.ts';
import { sourceCustomers } from '../live-source/source-customers.ts';
import { coreRecords } from '../repeated-runs/core-records.ts';
import { atSecond, SQLITE_SECONDS_CURSOR, sixCustomers } from '../repeated-runs/shop-cursor.ts';
import { openShopDb } from '../repeated-runs/shop-db.ts';
import { SHOP_SOURCE_NAME, ShopSource, writeShopMapping } from '../repeated-runs/shop-source.ts';
import { runOnboardCommand } from './coordinator.ts';
import { SECRET_KEY } from './distributed-setup.ts';
import { killAll, startWorker } from './worker-process.ts';

const FIELDS = { fields: ['firstName', 'lastName', 'email', 'phone'], refs: [] };

/**
 * null-cursor-runs.test.ts on the distributed path: a worker process reads the partitions (of 2
 * rows) and records their batches in a PostgreSQL run store; the coordinator's incremental run
 * reads the rows whose cursor is null (one inserted without one, one whose cursor was cleared),
 * brings core level, and its `--json` note counts them.
 */
describeWithServer(
  'incremental distributed runs of rows whose cursor is null [PostgreSQL store]',
  POSTGRES,
  () => {
    describeWithServer('with Redis', REDIS, () => {
      const fixture = useE2eCore();
      const redis = useRedisPrefix('nullcur');

      it('reads them and says how many', async () => {
        const { token } = await fixture().tenant('sqlite');
        const dir = await mkdtemp(join(tmpdir(), 'onboard-null-cursor-bullmq-'));
        const store = await createTestDatabase('postgres', 'nullcur');
        const cursor = SQLITE_SECONDS_CURSOR;
        const source = await ShopSource.create(dir, cursor, 0);
        const db = await openShopDb(cursor.dialect, source.url, '+00:00');
        const mapping = join(dir, 'shop.yaml');
        writeShopMapping(mapping);
        const worker = startWorker(
          ['--redis', redis.url, '--store', store.url, '--queue-prefix', redis.prefix, '--concurrency', '1'],
          { ONBOARD_SECRET_KEY: SECRET_KEY },
        );
        const run = async (incremental: boolean) => {
          const args = ['run', '--executor', 'bullmq', '--redis', redis.url, '--queue-prefix', redis.prefix];
          args.push('--store', store.url, '--mapping', mapping, '--source', source.url);
          args.push('--core', fixture().core.url, '--partition-rows', '2', '--batch-records', '1', '--json');
          const ended = await runOnboardCommand(incremental ? [...args, '--incremental'] : args, {
            ONBOARD_TOKEN: token,
            ONBOARD_SECRET_KEY: SECRET_KEY,
          }).done;
          expect(ended.code, ended.stderr).toBe(0);
          return ended.stdout
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as Record<string, unknown>);
        };
        const nullRows = (lines: Record<string, unknown>[]) =>
          lines
            .filter((l) => l['event'] === 'note' && l['nullCursorRows'] !== undefined)
            .map((l) => l['nullCursorRows']);
        try {
          await worker.waitFor((event) => event.event === 'worker.ready');
          for (const row of sixCustomers())
            await db.run('INSERT INTO cust VALUES (?, ?, ?, ?, NULL, ?)', row);
          expect(nullRows(await run(false))).toEqual([]);
          await db.run("INSERT INTO cust VALUES (70, 'no cursor', 'l', 'n@example.com', NULL, NULL)", []);
          await db.run(
            "UPDATE cust SET first_name = 'cursor cleared', changed_at = NULL WHERE cust_id = 30",
            [],
          );
          const incremental = await run(true);
          expect(nullRows(incremental)).toEqual([{ customers: 2 }]);
          const rows = await sourceCustomers(cursor.dialect, source.url);
          const core = await coreRecords(
            { coreUrl: fixture().core.url, token },
            'customers',
            SHOP_SOURCE_NAME,
            FIELDS,
          );
          expect(
            [...rows.keys()].filter((id) => core.get(id)?.fields['firstName'] !== rows.get(id)?.firstName),
          ).toEqual([]);
        } finally {
          await killAll([worker]);
          await db.close();
          await source.close();
          await store.drop();
          await rm(dir, { recursive: true, force: true });
        }
      }, 90_000);
    });
  },
);
