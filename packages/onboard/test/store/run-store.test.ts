import { ChecksumAccumulator } from '@madeup/contract';
import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/open-run-store.ts';
import type { BatchResult } from '../../src/store/run-records.ts';
import type { RunStore } from '../../src/store/run-store.ts';

function batch(seq: number, overrides: Partial<BatchResult> = {}): BatchResult {
  return {
    runId: 'run-a',
    taskId: 'customer#0',
    seq,
    entity: 'customer',
    rowsRead: 10,
    skipped: 1,
    created: 6,
    updated: 1,
    unchanged: 1,
    rejected: 1,
    checksumCount: 8,
    checksum: '0000000000000001',
    durationMs: 12,
    after: [seq * 10 + 9],
    cursorMax: `2024-01-0${seq + 1}T00:00:00.000000Z`,
    rejections: [
      {
        position: 3,
        entity: 'customer',
        externalId: `c${seq}`,
        stage: 'core',
        errors: [
          { field: 'fields.email', code: 'invalid_format', message: 'not an e-mail' },
          { field: 'refs.account', code: 'unresolved_reference', message: 'no account a1' },
        ],
        row: { id: seq, email: 'nope', note: 'é "quoted"' },
      },
    ],
    ...overrides,
  };
}

describeEachDialect(
  'RunStore',
  (target) => {
    const database = useTestDatabase(target, 'store');
    let store: RunStore;

    const run = (id: string) => ({
      id,
      sourceName: 'vendor-x',
      sourceUrl: 'postgres://app:***@db/vendor',
      coreUrl: 'http://core:8080',
      mappingPath: 'examples/vendor-x/mapping.yaml',
      mappingHash: 'abc',
      schemaVersion: 'v1',
      dryRun: false,
      options: { concurrency: 4 },
      phases: [['account'], ['customer']],
    });

    /** Stores run `id` with its two tasks, `account#0` and `customer#0`. */
    const createRunWithTasks = async (id: string) => {
      await store.createRun(run(id));
      await store.addTasks(id, [
        {
          taskId: 'account#0',
          phase: 0,
          entity: 'account',
          stream: 'accounts',
          partitionIndex: 0,
          estimatedRows: 5,
          task: { id: 'account#0' },
        },
        {
          taskId: 'customer#0',
          phase: 1,
          entity: 'customer',
          stream: 'customers',
          partitionIndex: 0,
          estimatedRows: 30,
          task: { id: 'customer#0' },
        },
      ]);
    };

    beforeAll(async () => {
      store = await openRunStore(database().url);
      await createRunWithTasks('run-a');
    });
    afterAll(async () => {
      await store?.close();
    });

    it('opens an already migrated store again', async () => {
      const again = await openRunStore(database().url);
      expect((await again.getRun('run-a'))?.sourceName).toBe('vendor-x');
      await again.close();
    });

    it('stores and lists runs with their status and timings', async () => {
      await store.setRunStatus('run-a', 'running');
      const run = await store.getRun('run-a');
      expect(run).toMatchObject({
        status: 'running',
        dryRun: false,
        phases: [['account'], ['customer']],
        options: { concurrency: 4 },
      });
      expect(run?.startedAt).not.toBeNull();
      expect((await store.listRuns()).map((r) => r.id)).toContain('run-a');
      expect(await store.getRun('nope')).toBeUndefined();
    });

    it('adds tasks once and hands out no checkpoint before the first batch', async () => {
      await store.addTasks('run-a', [
        {
          taskId: 'account#0',
          phase: 9,
          entity: 'account',
          stream: 'x',
          partitionIndex: 0,
          estimatedRows: null,
          task: {},
        },
      ]);
      const tasks = await store.listTasks<{ id: string }>('run-a');
      expect(tasks.map((t) => [t.taskId, t.phase, t.status, t.task.id])).toEqual([
        ['account#0', 0, 'pending', 'account#0'],
        ['customer#0', 1, 'pending', 'customer#0'],
      ]);
      expect((await store.startTask('run-a', 'customer#0'))?.checkpoint).toBeNull();
    });

    it('keeps counts exact when a batch is recorded again, and advances the checkpoint', async () => {
      await createRunWithTasks('run-counts');
      const own = { runId: 'run-counts' };
      expect((await store.startTask('run-counts', 'customer#0'))?.checkpoint).toBeNull();
      await store.recordBatch(batch(0, own));
      await store.recordBatch(batch(1, own));
      await store.recordBatch(batch(1, { ...own, created: 0, unchanged: 7 }));
      const [totals] = await store.entityTotals('run-counts');
      expect(totals).toMatchObject({
        entity: 'customer',
        read: 20,
        skipped: 2,
        created: 6,
        updated: 2,
        unchanged: 8,
        rejected: 2,
        batches: 2,
      });
      expect(totals?.checksum).toBe('0000000000000002');
      const checkpoint = (await store.startTask('run-counts', 'customer#0'))?.checkpoint;
      expect(checkpoint).toEqual({ seq: 1, after: [19] });
      const task = (await store.listTasks('run-counts')).find((t) => t.taskId === 'customer#0');
      expect(task?.attempts).toBe(2);
    });

    it('keeps each batch’s largest cursor value, per stream', async () => {
      await createRunWithTasks('run-cursor');
      await store.recordBatch(batch(0, { runId: 'run-cursor' }));
      await store.recordBatch(batch(1, { runId: 'run-cursor' }));
      const values = await store.cursorValues('run-cursor');
      expect(values.get('customers')?.sort()).toEqual([
        '2024-01-01T00:00:00.000000Z',
        '2024-01-02T00:00:00.000000Z',
      ]);
    });

    it('never moves a checkpoint backwards', async () => {
      // A run of its own, so the test does not depend on the batches of the others.
      await store.createRun(run('run-back'));
      await store.addTasks('run-back', [
        {
          taskId: 'customer#0',
          phase: 1,
          entity: 'customer',
          stream: 'customers',
          partitionIndex: 0,
          estimatedRows: 30,
          task: {},
        },
      ]);
      const own = { runId: 'run-back', rejections: [], rejected: 0 };
      await store.recordBatch(batch(1, own));
      await store.recordBatch(batch(0, own));
      expect((await store.startTask('run-back', 'customer#0'))?.checkpoint).toEqual({ seq: 1, after: [19] });
    });

    it('keeps rejected records with every reason and the source row, once per batch', async () => {
      await createRunWithTasks('run-rejected');
      const own = { runId: 'run-rejected' };
      await store.recordBatch(batch(0, own));
      await store.recordBatch(batch(1, own));
      await store.recordBatch(batch(1, own));
      const rejected = await store.rejections('run-rejected');
      expect(rejected).toHaveLength(2);
      expect(rejected[0]).toEqual({
        position: 3,
        entity: 'customer',
        externalId: 'c0',
        stage: 'core',
        errors: batch(0).rejections[0]?.errors,
        row: { id: 0, email: 'nope', note: 'é "quoted"' },
      });
    });

    it('records batches of a mirror run (query builder) and of another run (prepared statements on SQLite) alike', async () => {
      await store.createRun({ ...run('run-plain'), options: {} });
      await store.createRun({ ...run('run-mirror'), options: { mirror: true } });
      const recordAll = (runId: string) =>
        // Side by side with another run's task start (a transaction of its own on the one connection).
        Promise.all([
          store.recordBatch(batch(0, { runId, cursorMax: null, after: null })),
          store.recordBatch(batch(1, { runId, rejections: [] })),
          store.startTask('run-a', 'account#0'),
          store.recordBatch(batch(2, { runId, durationMs: 7.6, cursorMax: 42 })),
        ]).then(() => store.recordBatch(batch(1, { runId, created: 0, unchanged: 7 })));
      for (const id of ['run-plain', 'run-mirror']) {
        await store.addTasks(id, [
          {
            taskId: 'customer#0',
            phase: 1,
            entity: 'customer',
            stream: 'customers',
            partitionIndex: 0,
            estimatedRows: 30,
            task: {},
          },
        ]);
        await recordAll(id);
      }
      const stored = async (runId: string) => ({
        totals: await store.entityTotals(runId),
        rejections: await store.rejections(runId),
        checkpoint: (await store.startTask(runId, 'customer#0'))?.checkpoint,
        batches: (await store.batchesSince(runId, new Map([['customer#0', -1]]))).map(
          ({ runId: _, ...rest }) => rest,
        ),
        cursors: await store.cursorValues(runId),
      });
      const plain = await stored('run-plain');
      expect(plain).toEqual(await stored('run-mirror'));
      expect(plain.checkpoint).toEqual({ seq: 2, after: [29] });
      expect(plain.rejections.map((r) => r.externalId)).toEqual(['c0', 'c1', 'c2']);
      expect(plain.batches.map((b) => [b.seq, b.created, b.unchanged, b.durationMs])).toEqual([
        [0, 6, 1, 12],
        [1, 0, 7, 12],
        [2, 6, 1, 8],
      ]);
    });

    it('combines batch checksums as core does', async () => {
      const whole = new ChecksumAccumulator();
      const first = new ChecksumAccumulator();
      const second = new ChecksumAccumulator();
      for (let i = 0; i < 20; i++) {
        whole.add(`e${i}`, `h${i}`);
        (i < 9 ? first : second).add(`e${i}`, `h${i}`);
      }
      await store.addTasks('run-a', [
        {
          taskId: 'account#1',
          phase: 0,
          entity: 'account',
          stream: 'accounts',
          partitionIndex: 1,
          estimatedRows: 1,
          task: {},
        },
      ]);
      const common = { entity: 'account', taskId: 'account#1', rejections: [], rejected: 0 };
      await store.recordBatch(batch(0, { ...common, checksum: first.value, checksumCount: 9 }));
      await store.recordBatch(batch(1, { ...common, checksum: second.value, checksumCount: 11 }));
      const account = (await store.entityTotals('run-a')).find((t) => t.entity === 'account');
      expect(account?.checksum).toBe(whole.value);
      expect(account?.checksumCount).toBe(20);
    });

    it('finishes tasks and runs, and keeps the reconciliation', async () => {
      await store.finishTask('run-a', 'customer#0', 'failed', 'boom');
      await store.saveReconciliation('run-a', { ok: true });
      await store.setRunStatus('run-a', 'failed', 'one task failed');
      const run = await store.getRun('run-a');
      expect(run).toMatchObject({ status: 'failed', error: 'one task failed', reconciliation: { ok: true } });
      expect(run?.finishedAt).not.toBeNull();
      const task = (await store.listTasks('run-a')).find((t) => t.taskId === 'customer#0');
      expect(task).toMatchObject({ status: 'failed', error: 'boom' });
    });

    it('stores a watermark per (target, source, stream) and moves it', async () => {
      const mark = {
        target: 'http://core#aaaa',
        sourceName: 'vendor-x',
        stream: 'customers',
        cursorColumn: 'updated_at',
        value: '2024-01-01T00:00:00.000000Z',
        runId: 'run-a',
      };
      expect(await store.getWatermark(mark.target, 'vendor-x', 'customers')).toBeUndefined();
      await store.setWatermark(mark);
      await store.setWatermark({ ...mark, value: '2024-02-01T00:00:00.000000Z' });
      await store.setWatermark({ ...mark, target: 'http://core#bbbb', value: 42 });
      expect(await store.getWatermark(mark.target, 'vendor-x', 'customers')).toEqual({
        ...mark,
        value: '2024-02-01T00:00:00.000000Z',
      });
      expect((await store.getWatermark('http://core#bbbb', 'vendor-x', 'customers'))?.value).toBe(42);
    });
  },
  ['postgres', 'sqlite'],
);
