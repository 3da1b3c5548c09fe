import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabase,
  describeWithServer,
  POSTGRES,
  REDIS,
  type TestDatabase,
  useRedisPrefix,
} from '@madeup/testkit';
import pg from 'pg';
import { expect, it } from 'vitest';
import { runIdOf, runOnboardCommand } from '../distributed/coordinator.ts';
import { SECRET_KEY } from '../distributed/distributed-setup.ts';
import { killAll, startWorker, type WorkerProcess } from '../distributed/worker-process.ts';
import { type E2eCore, useE2eCore } from '../e2e/e2e-support.ts';
import { type FaultProxy, startFaultProxy } from '../pipeline/fault-proxy.ts';
import { coreRecords } from '../repeated-runs/core-records.ts';
import { POSTGRES_SECONDS_CURSOR } from '../repeated-runs/shop-cursor.ts';
import { SHOP_SOURCE_NAME, ShopSource, writeShopMapping } from '../repeated-runs/shop-source.ts';
import { expectTenantEqualsSource } from './live-checks.ts';
import { LiveWriter } from './live-writer.ts';
import { type SourceCustomer, sourceCustomers } from './source-customers.ts';

const FIELDS = { fields: ['firstName', 'lastName', 'email', 'phone'], refs: [] };
const CHANGED = 'the source changed while this run read it';

/** Every row, in key order, updated with a new phone and the next cursor values. */
const UPDATE_ALL = [0, 1, 2, 3, 4, 5].map((pick) => ({
  kind: 'update' as const,
  pick,
  phone: `555-01${pick}`,
}));

/** A PostgreSQL shop source of 6 rows, one `onboard worker`, a PostgreSQL run store, core behind a proxy. */
interface World {
  readonly token: string;
  readonly writer: LiveWriter;
  readonly proxy: FaultProxy;
  readonly worker: WorkerProcess;
  readonly tasks: pg.Client;
  /** The arguments of `onboard run --executor bullmq` (partitions of 2 rows, a batch per row, one task at a time). */
  readonly runArgs: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** A coordinator's command line, to the end; expects exit 0; returns its stdout. */
  command(args: readonly string[]): Promise<string>;
  /** The source's rows, read with the bare driver. */
  rows(): Promise<Map<string, SourceCustomer>>;
  /** Ids of the records core holds with another phone than the source's row. */
  stale(): Promise<string[]>;
  /** Core's records equal to the source's rows. */
  expectTenantEqualsSource(when: string): Promise<void>;
  close(): Promise<void>;
}

async function openWorld(fixture: E2eCore, redisUrl: string, prefix: string): Promise<World> {
  const { token } = await fixture.tenant('sqlite');
  const dir = await mkdtemp(join(tmpdir(), 'onboard-live-bullmq-pg-'));
  const cursor = POSTGRES_SECONDS_CURSOR;
  const source = await ShopSource.create(dir, cursor, 0);
  const writer = await LiveWriter.create(
    source.url,
    cursor,
    0,
    { rows: 6, shuffle: 1, every: 1, bursts: [] },
    'wal',
  );
  const store: TestDatabase = await createTestDatabase('postgres', 'livestore');
  const proxy = await startFaultProxy(fixture.core.url);
  const mapping = join(dir, 'shop.yaml');
  writeShopMapping(mapping);
  const tasks = new pg.Client({ connectionString: store.url });
  await tasks.connect();
  const env = { ONBOARD_TOKEN: token, ONBOARD_SECRET_KEY: SECRET_KEY };
  const worker = startWorker(
    ['--redis', redisUrl, '--store', store.url, '--queue-prefix', prefix, '--concurrency', '1'],
    { ONBOARD_SECRET_KEY: SECRET_KEY },
  );
  const runArgs = ['run', '--executor', 'bullmq', '--redis', redisUrl, '--queue-prefix', prefix];
  runArgs.push('--store', store.url, '--mapping', mapping, '--source', source.url, '--core', proxy.url);
  runArgs.push('--partition-rows', '2', '--batch-records', '1', '--concurrency', '1', '--json');
  const core = () => coreRecords({ coreUrl: fixture.core.url, token }, 'customers', SHOP_SOURCE_NAME, FIELDS);
  const rows = () => sourceCustomers(cursor.dialect, source.url);
  await worker.waitFor((event) => event.event === 'worker.ready');
  return {
    token,
    writer,
    proxy,
    worker,
    tasks,
    runArgs,
    env,
    async command(args) {
      const ended = await runOnboardCommand(args, env).done;
      expect(ended.code, ended.stderr).toBe(0);
      return ended.stdout;
    },
    rows,
    async stale() {
      const now = await rows();
      return [...(await core())]
        .filter(
          ([id, record]) => JSON.stringify(record.fields['phone']) !== JSON.stringify(now.get(id)?.phone),
        )
        .map(([id]) => id);
    },
    async expectTenantEqualsSource(when) {
      expectTenantEqualsSource(await rows(), await core(), writer.deleted, when);
    },
    async close() {
      await killAll([worker]);
      await tasks.end();
      await writer.close();
      await source.close();
      await proxy.close();
      await store.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Whether a coordinator's `BEGIN; SELECT pg_export_snapshot()` transaction is still open on the source. */
async function snapshotHeld(sourceUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: sourceUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_export_snapshot%'`,
    );
    return (rows[0]?.n ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/**
 * The live-source counterexample (live-source.test.ts) with `--executor bullmq` and a PostgreSQL
 * source: once the worker has done the first partition (rows 10, 20), core's answer to its next
 * batch waits while the vendor application updates every row in key order. The coordinator planned
 * the cursor's largest value (00:00:06) and exported one snapshot for every task.
 */
describeWithServer('a distributed run racing the vendor application [PostgreSQL source]', POSTGRES, () => {
  describeWithServer('with Redis', REDIS, () => {
    const fixture = useE2eCore();
    const redis = useRedisPrefix('livepg');
    let round = 0;

    /** Holds core's answer to the first customer batch sent once a task is done, once, running `meanwhile`. */
    const holdAfterFirstTask = (world: World, meanwhile: () => Promise<void>) => {
      const state = { raced: false };
      world.proxy.answered = async (_index, method, url) => {
        if (state.raced || method !== 'POST' || !url.startsWith('/v1/import/customers')) return;
        const done = await world.tasks.query("SELECT 1 FROM onboard_tasks WHERE status = 'done' LIMIT 1");
        if (done.rowCount === 0 || state.raced) return;
        state.raced = true;
        await meanwhile();
      };
      return state;
    };

    it('reads none of the changes while its coordinator holds the snapshot, and the next incremental run reads them all', async () => {
      const world = await openWorld(fixture(), redis.url, `${redis.prefix}${round++}`);
      try {
        const state = holdAfterFirstTask(world, async () => {
          world.writer.burst(UPDATE_ALL);
          await world.writer.drain();
        });
        const first = await world.command(world.runArgs);
        expect(state.raced, 'the writer changed the rows while the run read them').toBe(true);
        // Rows 50 and 60 were read after they changed, from the snapshot taken before.
        expect(await world.stale()).toEqual(['10', '20', '30', '40', '50', '60']);
        expect(first).not.toContain(CHANGED);

        const quiet = await world.command([...world.runArgs, '--incremental']);
        expect(quiet).not.toContain(CHANGED);
        await world.expectTenantEqualsSource('after the quiet incremental run');
        expect(world.worker.events.filter((event) => event.event === 'snapshot.lost')).toEqual([]);
      } finally {
        await world.close();
      }
    }, 60_000);

    it('leaves rows changed in a partition read already to the next incremental run when the snapshot is lost', async () => {
      const prefix = `${redis.prefix}${round++}`;
      const world = await openWorld(fixture(), redis.url, prefix);
      let seen = '';
      const coordinator = runOnboardCommand(world.runArgs, world.env, (out) => {
        seen = out;
      });
      try {
        // The coordinator dies (its snapshot with it) while the worker reads the second partition
        // from the snapshot; then every row changes. The third partition reads the latest state.
        const state = holdAfterFirstTask(world, async () => {
          coordinator.kill('SIGKILL');
          await coordinator.done;
          const source = world.runArgs[world.runArgs.indexOf('--source') + 1] as string;
          await expect.poll(() => snapshotHeld(source), { timeout: 30_000 }).toBe(false);
          world.writer.burst(UPDATE_ALL);
          await world.writer.drain();
        });
        await coordinator.done;
        expect(state.raced, 'the writer changed the rows while the run read them').toBe(true);
        const runId = runIdOf(seen) as string;
        // The worker ends the first phase's tasks on its own; `resume` then ends the run.
        await expect
          .poll(
            async () =>
              (
                await world.tasks.query(
                  "SELECT 1 FROM onboard_tasks WHERE run_id = $1 AND entity = 'customers' AND status <> 'done'",
                  [runId],
                )
              ).rowCount,
            { timeout: 30_000 },
          )
          .toBe(0);
        expect(world.worker.events.filter((event) => event.event === 'snapshot.lost')).toHaveLength(1);
        const resumed = await world.command([
          'resume',
          runId,
          '--store',
          world.runArgs[world.runArgs.indexOf('--store') + 1] as string,
          '--executor',
          'bullmq',
          '--redis',
          world.runArgs[world.runArgs.indexOf('--redis') + 1] as string,
          '--queue-prefix',
          prefix,
          '--json',
        ]);
        // Rows 10-40 were read before they changed (the snapshot), 50 and 60 after (the latest state).
        expect(await world.stale()).toEqual(['10', '20', '30', '40']);
        expect(resumed.split('\n').filter((line) => line.includes(CHANGED))).toHaveLength(1);

        const quiet = await world.command([...world.runArgs, '--incremental']);
        expect(quiet).not.toContain(CHANGED);
        await world.expectTenantEqualsSource('after the quiet incremental run');
      } finally {
        coordinator.kill('SIGKILL');
        await world.close();
      }
    }, 60_000);
  });
});
