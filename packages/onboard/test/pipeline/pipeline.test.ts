import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { type RunningCore, startCore } from '@madeup/core';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStatus } from '../../src/cli/commands/status.ts';
import { CoordinateTaskResources } from '../../src/executor/coordinate-task-resources.ts';
import { InProcessExecutor } from '../../src/executor/in-process-executor.ts';
import { openRunContext } from '../../src/pipeline/open-run-context.ts';
import { resumeRun } from '../../src/pipeline/resume-run.ts';
import { RunLockedError } from '../../src/pipeline/run-lock.ts';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import { createRun } from '../../src/pipeline/start-run.ts';
import type { PartitionTask } from '../../src/planner/partition-task.ts';
import { LineProgress } from '../../src/progress/line-progress.ts';
import { formatSummary } from '../../src/progress/summary-table.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { type FaultProxy, startFaultProxy } from './fault-proxy.ts';
import { BIN, generateVendorX, MAPPING, outcome, runImport } from './pipeline-support.ts';

const ROWS = 3000;
/** How long the killed run stays down before it is resumed. */
const STOPPED_MS = 3000;

/**
 * A test's timeout, from the work it does: an import of ROWS rows in this process took 1-3 s on the
 * shared 2-core machine at load 13-16, and an `onboard` child process costs about a CPU second just
 * to load. The budget leaves room for a machine ten times slower.
 */
const timeoutFor = (imports: number, processes = 0) => imports * 30_000 + processes * 15_000;

// At most three imports in a test (the incremental one).
describe('pipeline against a real core', { timeout: timeoutFor(3) }, () => {
  let dir: string;
  let core: RunningCore;
  let source: string;
  let store: string;
  let first: RunSummary;
  let tenants = 0;

  const baseConfig = () => ({
    mappingPath: MAPPING,
    sourceUrl: source,
    concurrency: 3,
    partitionRows: 400,
    timezone: 'UTC',
  });
  const tenant = async () =>
    (await core.createTenant(`pipe-${process.pid}-${Date.now() % 100000}-${tenants++}`)).token;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-pipeline-'));
    core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
    source = `sqlite:${join(dir, 'vendor-x.sqlite')}`;
    store = join(dir, 'runs.sqlite');
    await generateVendorX(join(dir, 'vendor-x.sqlite'), ROWS);
  });
  afterAll(async () => {
    await core?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports every row once: read, created and rejected add up, and core agrees', async () => {
    const token = await tenant();
    first = await runImport({
      mappingPath: MAPPING,
      sourceUrl: source,
      coreUrl: core.url,
      token,
      storeUrl: store,
      dryRun: false,
    });
    expect(first.status).toBe('succeeded');
    const totals = outcome(first.entities);
    expect(Object.values(totals).reduce((sum, t) => sum + t.read, 0)).toBe(ROWS);
    for (const t of first.entities) {
      expect(t.updated + t.unchanged).toBe(0);
      expect(t.created + t.rejected + t.skipped).toBe(t.read);
    }
    expect(totals['products']?.rejected).toBe(0);
    expect(totals['customers']?.rejected).toBeGreaterThan(0);
    expect(first.reconciliation.map((r) => r.status)).toEqual(first.entities.map(() => 'match'));
    const core1 = first.reconciliation.find((r) => r.entity === 'customers');
    expect(core1?.coreCount).toBe(totals['customers']?.accepted);
    const kept = await openRunStore(store);
    const rejected = await kept.rejections(first.runId, 10_000);
    await kept.close();
    expect(rejected).toHaveLength(first.entities.reduce((sum, t) => sum + t.rejected, 0));
    expect(rejected.every((r) => r.errors.length > 0 && r.row !== null)).toBe(true);
  });

  it('reruns an unchanged source with zero created and zero updated', async () => {
    const token = await tenant();
    const config = {
      mappingPath: MAPPING,
      sourceUrl: source,
      coreUrl: core.url,
      token,
      storeUrl: store,
      dryRun: false,
    };
    await runImport(config);
    const again = await runImport(config);
    expect(again.status).toBe('succeeded');
    for (const t of again.entities) {
      expect([t.created, t.updated]).toEqual([0, 0]);
    }
    expect(outcome(again.entities)).toEqual(outcome(first.entities));
    expect(again.reconciliation.every((r) => r.status === 'match')).toBe(true);
  });

  it('reports a dry run without writing anything', async () => {
    const token = await tenant();
    const config = { mappingPath: MAPPING, sourceUrl: source, coreUrl: core.url, token, storeUrl: store };
    const dry = await runImport({ ...config, dryRun: true });
    expect(dry).toMatchObject({ status: 'succeeded', dryRun: true });
    expect(dry.reconciliation.every((r) => r.status === 'skipped')).toBe(true);
    const dryTotals = Object.fromEntries(dry.entities.map((t) => [t.entity, t]));
    const firstTotals = outcome(first.entities);
    expect(dryTotals['products']?.created).toBe(firstTotals['products']?.accepted);
    // Children are checked too, although their parents exist only in the dry run.
    expect(dryTotals['customers']?.created).toBe(firstTotals['customers']?.accepted);
    expect(dryTotals['invoiceLines']?.created).toBeGreaterThanOrEqual(
      firstTotals['invoiceLines']?.accepted ?? 0,
    );
    const real = await runImport({ ...config, dryRun: false });
    expect(outcome(real.entities)).toEqual(outcome(first.entities));
    expect(real.entities.every((t) => t.unchanged === 0)).toBe(true);
  });

  it('runs tasks from their plain JSON alone, with resources found from their coordinates, as a queue worker would', async () => {
    const token = await tenant();
    const config = { ...baseConfig(), coreUrl: core.url, token, storeUrl: store, dryRun: false };
    const context = await openRunContext({ ...config, connections: 2 });
    const runId = await createRun(context, config).finally(() => context.close());
    const kept = await openRunStore(store);
    const tasks = (await kept.listTasks<PartitionTask>(runId)).map(
      (t) => JSON.parse(JSON.stringify(t.task)) as PartitionTask,
    );
    expect(JSON.stringify(tasks)).not.toContain(token);
    const resources = new CoordinateTaskResources({ secrets: { token: () => token } });
    const result = await new InProcessExecutor(resources, 2).execute(tasks, new AbortController().signal);
    await resources.close();
    expect(result).toEqual({ done: tasks.length, failed: [], aborted: false });
    expect(outcome(await kept.entityTotals(runId))).toEqual(outcome(first.entities));
    await kept.close();
  });

  it('lets only one of two simultaneous resumes work a run; the other refuses, naming the holder', async () => {
    const token = await tenant();
    const config = { ...baseConfig(), coreUrl: core.url, token, storeUrl: store, dryRun: false };
    const context = await openRunContext({ ...config, connections: 4 });
    try {
      const runId = await createRun(context, config);
      const resume = () =>
        resumeRun(
          context,
          runId,
          2,
          new LineProgress(new PassThrough(), 60_000),
          new AbortController().signal,
        );
      const [one, two] = await Promise.allSettled([resume(), resume()]);
      const done = [one, two].filter((r) => r.status === 'fulfilled');
      const refused = [one, two].filter((r) => r.status === 'rejected');
      expect(done.map((r) => r.value.status)).toEqual(['succeeded']);
      expect(refused).toHaveLength(1);
      expect(refused[0]?.reason).toBeInstanceOf(RunLockedError);
      expect(String(refused[0]?.reason)).toMatch(
        new RegExp(`run ${runId} is being worked by pid ${process.pid} on \\S+ since \\d{4}-`),
      );
      expect(outcome(done[0]!.value.entities)).toEqual(outcome(first.entities));
      // Released at the end: the succeeded run is refused for what it is, not for a lock.
      expect(await context.store.locks.get(runId)).toBeUndefined();
      await expect(resume()).rejects.toThrow(/already succeeded/);
    } finally {
      await context.close();
    }
  });

  it('reads only rows past the watermarks in an incremental run', async () => {
    const token = await tenant();
    const file = join(dir, 'incremental.sqlite');
    await copyFile(join(dir, 'vendor-x.sqlite'), file);
    const config = {
      ...baseConfig(),
      sourceUrl: `sqlite:${file}`,
      coreUrl: core.url,
      token,
      storeUrl: store,
      dryRun: false,
    };
    const full = await runImport({ ...config, incremental: true });
    expect(outcome(full.entities)).toEqual(outcome(first.entities));
    // No watermark yet: every entity was read whole, so it reconciles like a full run.
    expect(full.reconciliation.map((r) => r.status)).toEqual(full.entities.map(() => 'match'));
    const none = await runImport({ ...config, incremental: true });
    expect(none.entities.reduce((sum, t) => sum + t.read, 0)).toBe(0);
    const db = new Database(file);
    db.prepare(
      "UPDATE item SET item_desc = 'Renamed item', last_modified = '2099-01-01 00:00:00' WHERE item_id = (SELECT MIN(item_id) FROM item)",
    ).run();
    db.close();
    const one = await runImport({ ...config, incremental: true });
    expect(one.entities.map((t) => [t.entity, t.read, t.updated])).toEqual([['products', 1, 1]]);
    // Only one row past the watermark was read, while core holds every record: not a mismatch.
    expect(one.reconciliation).toMatchObject([{ entity: 'products', status: 'skipped', coreCount: null }]);
    expect(one.reconciliation[0]?.reason).toMatch(
      /incremental: only rows past the watermark on last_modified/,
    );
    expect(formatSummary(one)).toContain('reconciliation skipped for products: incremental');
  });

  // The killed run: one import in two `onboard` processes, in batches of 25 through a delaying proxy
  // (about 20 times the requests of an import at core's batch size): 15.7 s at load 13-16, 60 s with
  // three more processes spinning, budgeted as five imports.
  describe('through a faulty network', { timeout: timeoutFor(5, 2) }, () => {
    let proxy: FaultProxy;
    beforeAll(async () => {
      proxy = await startFaultProxy(core.url);
    });
    afterAll(async () => {
      await proxy.close();
    });

    it('rides out 503, 429 and dropped connections, ending as an undisturbed run', async () => {
      const token = await tenant();
      const faults = ['reset', { status: 503 }, { status: 429, retryAfter: '0' }] as const;
      proxy.decide = (index) =>
        index >= 1 && index < 120 && index % 4 === 1 ? faults[index % 3] : undefined;
      const summary = await runImport({
        mappingPath: MAPPING,
        sourceUrl: source,
        coreUrl: proxy.url,
        token,
        storeUrl: store,
        dryRun: false,
        batchRecords: 100,
      });
      proxy.decide = () => undefined;
      expect(proxy.stats.faults).toBeGreaterThan(10);
      expect(summary.status).toBe('succeeded');
      expect(outcome(summary.entities)).toEqual(outcome(first.entities));
      expect(summary.reconciliation.every((r) => r.status === 'match')).toBe(true);
    });

    it('resumes a run killed with SIGKILL mid-way to the same end state, counting exactly', async () => {
      const token = await tenant();
      proxy.delayMs = 25;
      const args = ['run', '--mapping', MAPPING, '--source', source, '--core', proxy.url, '--store', store];
      const child = spawn(
        process.execPath,
        [BIN, ...args, '--batch-records', '25', '--concurrency', '2', '--partition-rows', '300', '--json'],
        {
          env: { ...process.env, ONBOARD_TOKEN: token },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      const runId = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const batches = out.split('\n').filter((line) => line.includes('"event":"batch"'));
          if (batches.length >= 30) {
            clearInterval(timer);
            child.kill('SIGKILL');
            resolve((JSON.parse(batches[0] as string) as { runId: string }).runId);
          }
        }, 20);
        child.on('exit', () => {
          clearInterval(timer);
          reject(new Error(`the run ended before it could be killed: ${out.slice(-500)}`));
        });
      });
      await new Promise((resolve) => child.on('close', resolve));
      proxy.delayMs = 0;
      const kept = await openRunStore(store);
      const killed = await kept.getRun(runId);
      expect(killed?.status).toBe('running');
      const partial = (await kept.entityTotals(runId)).reduce((sum, t) => sum + t.read, 0);
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(ROWS);

      // The killed process left its lock behind; being dead on this host, it is taken over at once.
      expect(await kept.locks.get(runId)).toMatchObject({ pid: child.pid });

      // The run stays down a while before it is resumed: its average rate must not count that time.
      const killedAt = Date.now();
      await sleep(STOPPED_MS);
      const resumed = spawn(process.execPath, [BIN, 'resume', runId, '--store', store, '--json'], {
        env: { ...process.env, ONBOARD_TOKEN: token },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let resumeOut = '';
      resumed.stdout.on('data', (chunk: Buffer) => {
        resumeOut += chunk.toString();
      });
      const code = await new Promise((resolve) => resumed.on('close', resolve));
      expect(code, resumeOut.slice(-500)).toBe(0);
      const end = JSON.parse(resumeOut.trim().split('\n').pop() as string) as RunSummary & { event: string };
      expect(end).toMatchObject({ event: 'run.end', runId, status: 'succeeded' });
      expect(end.reconciliation.map((r) => r.status)).toEqual(end.entities.map(() => 'match'));
      const totals = await kept.entityTotals(runId);
      // Two processes worked the run; the stop lasted at least from the kill to the resume's start.
      expect(await kept.runStarts(runId)).toHaveLength(2);
      const status = await runStatus(kept, runId);
      const ended = await kept.getRun(runId);
      const elapsed = (Date.parse(ended?.finishedAt ?? '') - Date.parse(ended?.startedAt ?? '')) / 1000;
      expect(status.stoppedSeconds).toBeGreaterThanOrEqual(STOPPED_MS / 1000);
      expect(status.runningSeconds).toBeLessThanOrEqual(elapsed - STOPPED_MS / 1000);
      expect(status.runningSeconds).toBeCloseTo(elapsed - (status.stoppedSeconds ?? 0), 2);
      const read = totals.reduce((sum, t) => sum + t.read, 0);
      expect(status.rowsPerSecond).toBe(Math.round(read / (status.runningSeconds ?? 0)));
      expect(Date.parse(ended?.startedAt ?? '')).toBeLessThan(killedAt);
      await kept.close();
      expect(outcome(totals)).toEqual(outcome(first.entities));
      expect(resumeOut).not.toContain(token);
      expect(await readFile(store).then((b) => b.includes(Buffer.from(token)))).toBe(false);
    });
  });
});
