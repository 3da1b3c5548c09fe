import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningCore, startCore } from '@madeup/core';
import { createTestDatabase, describeWithServer, POSTGRES, type TestDatabase } from '@madeup/testkit';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runPartitionTask } from '../../src/executor/run-partition-task.ts';
import { openRunContext } from '../../src/pipeline/open-run-context.ts';
import { createRun } from '../../src/pipeline/start-run.ts';
import type { PartitionTask } from '../../src/planner/partition-task.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { TenantResources } from '../../src/worker/tenant-resources.ts';
import { generateVendorX, MAPPING } from '../pipeline/pipeline-support.ts';

/** Connections to `database` the server has now (any client). */
async function connectionsTo(database: string): Promise<number> {
  const admin = new pg.Client({ connectionString: `${POSTGRES.url}/postgres` });
  await admin.connect();
  try {
    const result = await admin.query<{ n: string }>(
      'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    return Number(result.rows[0]?.n ?? 0);
  } finally {
    await admin.end();
  }
}

/** Waits until `connectionsTo(database)` satisfies `ok` (the server sees a closed client a moment later). */
async function settle(database: string, ok: (n: number) => boolean): Promise<number> {
  let n = await connectionsTo(database);
  for (let i = 0; i < 40 && !ok(n); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    n = await connectionsTo(database);
  }
  return n;
}

describeWithServer("a worker's idle resources", POSTGRES, () => {
  let dir: string;
  let core: RunningCore;
  let source: TestDatabase;
  let storeDb: TestDatabase;
  let token: string;
  let tasks: PartitionTask[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-idle-'));
    core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
    [source, storeDb] = await Promise.all([
      createTestDatabase('postgres', 'idlesrc'),
      createTestDatabase('postgres', 'idlestore'),
    ]);
    await generateVendorX(source.url, 400);
    token = (await core.createTenant(`idle-${process.pid}`)).token;
    const config = {
      mappingPath: MAPPING,
      sourceUrl: source.url,
      coreUrl: core.url,
      token,
      storeUrl: storeDb.url,
      dryRun: false,
      concurrency: 2,
      partitionRows: 200,
      timezone: 'UTC',
    };
    const context = await openRunContext({ ...config, connections: 2 });
    try {
      const runId = await createRun(context, config);
      const records = await context.store.listTasks<PartitionTask>(runId);
      tasks = records.filter((r) => r.phase === records[0]?.phase).map((r) => r.task);
    } finally {
      await context.close();
    }
    // Every connection of the planning is gone before the test counts them.
    await settle(source.name, (n) => n === 0);
    await settle(storeDb.name, (n) => n === 0);
  }, 120_000);
  afterAll(async () => {
    await core?.close();
    await source?.drop();
    await storeDb?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('closes a run’s core client, source and store once unused for the timeout, never while a task holds them, and opens them again for the next task', async () => {
    expect(tasks.length).toBeGreaterThanOrEqual(2);
    const [first, second] = tasks as [PartitionTask, PartitionTask];
    const resources = new TenantResources({ fallbackToken: token });
    const job = (task: PartitionTask) => ({ task, tenant: 'idle', sealed: null });
    const signal = new AbortController().signal;
    try {
      const run = async (task: PartitionTask, whileHeld?: () => Promise<void>) => {
        const held = resources.for(job(task));
        const release = held.hold(task);
        try {
          const summary = await runPartitionTask(task, held, signal);
          await whileHeld?.();
          return summary;
        } finally {
          release();
        }
      };
      const idleMs = 300;
      await run(first, async () => {
        // Held past the timeout: nothing of it may close.
        await new Promise((resolve) => setTimeout(resolve, idleMs + 100));
        expect(await resources.closeIdle(idleMs)).toBe(0);
        expect(await connectionsTo(source.name)).toBeGreaterThan(0);
      });
      expect(resources.counts()).toMatchObject({ open: 3, opened: 3, closed: 0, held: 0 });
      // Let go just now: not idle long enough yet.
      expect(await resources.closeIdle(idleMs)).toBe(0);
      expect(await connectionsTo(source.name)).toBeGreaterThan(0);
      expect(await connectionsTo(storeDb.name)).toBeGreaterThan(0);

      await new Promise((resolve) => setTimeout(resolve, idleMs + 50));
      expect(await resources.closeIdle(idleMs)).toBe(3);
      expect(resources.counts()).toMatchObject({ open: 0, opened: 3, closed: 3 });
      // Closed, not left to the driver's own idle timeout (10 s): the server sees no connection now.
      expect(await settle(source.name, (n) => n === 0)).toBe(0);
      expect(await settle(storeDb.name, (n) => n === 0)).toBe(0);

      const again = await run(second);
      expect(again.rowsRead).toBeGreaterThan(0);
      expect(resources.counts()).toMatchObject({ open: 3, opened: 6, closed: 3 });
      expect(await connectionsTo(source.name)).toBeGreaterThan(0);
      const store = await openRunStore(storeDb.url);
      try {
        const statuses = (await store.listTasks(first.runId)).filter((r) =>
          [first.taskId, second.taskId].includes(r.taskId),
        );
        expect(statuses.map((r) => r.status)).toEqual(['done', 'done']);
      } finally {
        await store.close();
      }
    } finally {
      await resources.close();
    }
  }, 120_000);
});
