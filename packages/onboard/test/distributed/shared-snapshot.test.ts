import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningCore, startCore } from '@madeup/core';
import {
  createTestDatabase,
  describeWithServer,
  POSTGRES,
  REDIS,
  type TestDatabase,
  useRedisPrefix,
} from '@madeup/testkit';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { taskJobId } from '../../src/executor/bullmq/task-job.ts';
import { tenantKey, tenantQueueName } from '../../src/executor/bullmq/tenant-queue.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { generateVendorX, MAPPING, outcome, runImport } from '../pipeline/pipeline-support.ts';
import { runIdOf, runOnboardCommand } from './coordinator.ts';
import { SECRET_KEY } from './distributed-setup.ts';
import { killAll, startWorker } from './worker-process.ts';

const ROWS = 1500;

describeWithServer('one source snapshot for every worker of a run [PostgreSQL source]', POSTGRES, () => {
  describeWithServer('with Redis', REDIS, () => {
    const redis = useRedisPrefix('snap');
    let round = 0;
    let dir: string;
    let core: RunningCore;
    let source: TestDatabase;
    let store: TestDatabase;
    let reference: ReturnType<typeof outcome>;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'onboard-snap-'));
      core = await startCore({
        dataDir: join(dir, 'core'),
        logLevel: 'error',
        logDestination: { write: () => {} },
      });
      [source, store] = await Promise.all([
        createTestDatabase('postgres', 'snapsrc'),
        createTestDatabase('postgres', 'snapstore'),
      ]);
      await generateVendorX(source.url, ROWS);
      const summary = await runImport({
        mappingPath: MAPPING,
        sourceUrl: source.url,
        coreUrl: core.url,
        token: (await core.createTenant(`snapref-${process.pid}`)).token,
        storeUrl: store.url,
        dryRun: false,
      });
      reference = outcome(summary.entities);
    }, 120_000);
    afterAll(async () => {
      await core?.close();
      await source?.drop();
      await store?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    const onSource = async (sql: string) => {
      const client = new pg.Client({ connectionString: source.url });
      await client.connect();
      try {
        return (await client.query(sql)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    };
    const workerArgs = (prefix: string) => [
      '--redis',
      redis.url,
      '--store',
      store.url,
      '--queue-prefix',
      prefix,
      '--concurrency',
      '2',
    ];
    const env = (token: string) => ({ ONBOARD_TOKEN: token, ONBOARD_SECRET_KEY: SECRET_KEY });
    /** Starts a coordinator with no worker yet; resolves once its first phase is in the queue. */
    const coordinatorQueued = async (token: string, prefix: string) => {
      let queued: () => void = () => {};
      let seen = '';
      const inQueue = new Promise<void>((resolve) => {
        queued = resolve;
      });
      const run = runOnboardCommand(
        [
          'run',
          '--executor',
          'bullmq',
          '--redis',
          redis.url,
          '--queue-prefix',
          prefix,
          '--store',
          store.url,
          '--mapping',
          MAPPING,
          '--source',
          source.url,
          '--core',
          core.url,
          '--partition-rows',
          '300',
          '--batch-records',
          '50',
          '--concurrency',
          '2',
          '--json',
        ],
        env(token),
        (out) => {
          seen = out;
          if (/task\(s\) in queue/.test(out)) queued();
        },
      );
      await Promise.race([
        inQueue,
        run.done.then(({ stderr }) => Promise.reject(new Error(`the coordinator ended early: ${stderr}`))),
      ]);
      return { ...run, runId: () => runIdOf(seen) as string };
    };

    it('reads what the source held when the run started, on every worker and in every phase, though it changed before they read', async () => {
      const prefix = `${redis.prefix}${round++}`;
      const token = (await core.createTenant(`snap-${process.pid}-${round}`)).token;
      const run = await coordinatorQueued(token, prefix);
      // Changed after the coordinator exported its snapshot, before any worker read anything.
      await onSource('DELETE FROM pmt');
      expect(await onSource('SELECT count(*)::int AS n FROM pmt')).toEqual([{ n: 0 }]);
      const workers = [0, 1].map(() => startWorker(workerArgs(prefix), { ONBOARD_SECRET_KEY: SECRET_KEY }));
      try {
        const { code, stdout, stderr } = await run.done;
        expect(code, stderr.slice(-2000)).toBe(0);
        expect(stdout).not.toContain('no consistent snapshot');
        const runId = runIdOf(stdout) as string;
        const kept = await openRunStore(store.url);
        try {
          expect(outcome(await kept.entityTotals(runId))).toEqual(reference);
        } finally {
          await kept.close();
        }
        const events = workers.flatMap((w) => w.events);
        expect(events.filter((e) => e.event === 'task.done').length).toBeGreaterThan(0);
        expect(events.filter((e) => e.event === 'snapshot.lost')).toEqual([]);
        const client = new Redis(redis.url);
        const tenant = tenantKey(undefined, `${core.url}/`, token);
        const data = await client.hget(
          `${prefix}:${tenantQueueName(tenant)}:${taskJobId({ runId, taskId: 'payments#0' })}`,
          'data',
        );
        client.disconnect();
        expect(data).toMatch(/"snapshot":"[0-9A-F]+-[0-9A-F]+-\d+"/);
      } finally {
        await killAll(workers);
      }
    }, 300_000);

    it('reads the latest state, saying so once, when the coordinator holding the snapshot is gone', async () => {
      const prefix = `${redis.prefix}${round++}`;
      const token = (await core.createTenant(`snap-${process.pid}-${round}`)).token;
      const first = await coordinatorQueued(token, prefix);
      const id = first.runId();
      // Its transaction, and the snapshot with it, ends with its connection.
      first.kill('SIGKILL');
      await first.done;
      await onSource('DELETE FROM pmt');
      const worker = startWorker(workerArgs(prefix), { ONBOARD_SECRET_KEY: SECRET_KEY });
      try {
        await worker.waitFor((e) => e.event === 'task.done' && e.runId === id);
        const resumed = await runOnboardCommand(
          ['resume', id, '--store', store.url, '--executor', 'bullmq', '--redis', redis.url],
          { ...env(token), ONBOARD_QUEUE_PREFIX: prefix },
        ).done;
        expect(resumed.code, resumed.stderr.slice(-2000)).toBe(0);
        const lost = worker.events.filter((e) => e.event === 'snapshot.lost');
        expect(lost).toHaveLength(1);
        expect(lost[0]).toMatchObject({ runId: id });
        expect(worker.events.filter((e) => e.event === 'task.failed')).toEqual([]);
        const kept = await openRunStore(store.url);
        try {
          expect((await kept.getRun(id))?.status).toBe('succeeded');
          // This run read the source as it is now, payments deleted.
          const payments = (await kept.entityTotals(id)).find((t) => t.entity === 'payments');
          expect(payments?.read ?? 0).toBe(0);
        } finally {
          await kept.close();
        }
      } finally {
        await killAll([worker]);
      }
    }, 300_000);

    it('gives the jobs still waiting from a coordinator that stopped the snapshot of the one resuming the run', async () => {
      const prefix = `${redis.prefix}${round++}`;
      const token = (await core.createTenant(`snap-${process.pid}-${round}`)).token;
      const first = await coordinatorQueued(token, prefix);
      const id = first.runId();
      first.kill('SIGKILL');
      await first.done;
      let queued: () => void = () => {};
      const inQueue = new Promise<void>((resolve) => {
        queued = resolve;
      });
      const resumed = runOnboardCommand(
        ['resume', id, '--store', store.url, '--executor', 'bullmq', '--redis', redis.url, '--json'],
        { ...env(token), ONBOARD_QUEUE_PREFIX: prefix },
        (out) => {
          if (/task\(s\) in queue/.test(out)) queued();
        },
      );
      await inQueue;
      const lines = await onSource('SELECT count(*)::int AS n FROM inv_det');
      expect(lines[0]?.['n']).toBeGreaterThan(0);
      // After the resumed coordinator's snapshot: not seen by the run.
      await onSource('DELETE FROM inv_det');
      const worker = startWorker(workerArgs(prefix), { ONBOARD_SECRET_KEY: SECRET_KEY });
      try {
        const { code, stderr } = await resumed.done;
        expect(code, stderr.slice(-2000)).toBe(0);
        expect(worker.events.filter((e) => e.event === 'snapshot.lost')).toEqual([]);
        const kept = await openRunStore(store.url);
        try {
          const totals = outcome(await kept.entityTotals(id));
          expect(totals['invoiceLines']).toEqual(reference['invoiceLines']);
          expect(totals['locations']).toEqual(reference['locations']);
        } finally {
          await kept.close();
        }
      } finally {
        await killAll([worker]);
      }
    }, 300_000);
  });
});
