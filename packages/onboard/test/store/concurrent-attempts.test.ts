import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/open-run-store.ts';
import type { BatchResult } from '../../src/store/run-records.ts';
import type { RunStore } from '../../src/store/run-store.ts';

/** Batch `seq` of task `taskId` of `runId`, with three rejected records. */
function batch(runId: string, taskId: string, seq: number): BatchResult {
  return {
    runId,
    taskId,
    seq,
    entity: 'customer',
    rowsRead: 10,
    skipped: 0,
    created: 7,
    updated: 0,
    unchanged: 0,
    rejected: 3,
    checksumCount: 7,
    checksum: '0000000000000007',
    durationMs: 5,
    after: [seq * 10 + 9],
    cursorMax: null,
    rejections: [2, 5, 8].map((position) => ({
      position,
      entity: 'customer',
      externalId: `c${seq}-${position}`,
      stage: 'core' as const,
      errors: [{ field: 'fields.email', code: 'invalid_format', message: 'not an e-mail' }],
      row: { id: position },
    })),
  };
}

/**
 * Two attempts of one task at once, as BullMQ's at-least-once delivery makes them (a worker paused
 * past its lock while another takes the job over): two processes, each with its own store, record
 * the same batches and start, reset and finish the same task. The store must end as one attempt
 * leaves it, and the older attempt must not undo what the newer one recorded.
 */
describeEachDialect(
  'RunStore under two attempts of one task',
  (target) => {
    const database = useTestDatabase(target, 'attempts');
    let first: RunStore;
    let second: RunStore;

    const createRun = async (id: string, taskIds: readonly string[]) => {
      await first.createRun({
        id,
        sourceName: 'vendor-x',
        sourceUrl: 'sqlite:/tmp/vendor.sqlite',
        coreUrl: 'http://core:8080',
        mappingPath: 'mapping.yaml',
        mappingHash: 'abc',
        schemaVersion: 'v1',
        dryRun: false,
        options: {},
        phases: [['customer']],
      });
      await first.addTasks(
        id,
        taskIds.map((taskId, i) => ({
          taskId,
          phase: 0,
          entity: 'customer',
          stream: 'customers',
          partitionIndex: i,
          estimatedRows: 100,
          task: {},
        })),
      );
    };

    beforeAll(async () => {
      first = await openRunStore(database().url);
      second = await openRunStore(database().url);
    });
    afterAll(async () => {
      await first?.close();
      await second?.close();
    });

    it('records a batch both attempts record at the same moment once, rejections included', async () => {
      const taskIds = Array.from({ length: 12 }, (_, i) => `customer#${i}`);
      await createRun('run-same-batch', taskIds);
      // Each pair of writes races on its own task, so every pair is a fresh chance to collide.
      const outcomes = await Promise.allSettled(
        taskIds.flatMap((taskId) => [
          first.recordBatch(batch('run-same-batch', taskId, 0)),
          second.recordBatch(batch('run-same-batch', taskId, 0)),
        ]),
      );
      const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
      expect(refused, 'a batch recorded by two attempts at once was refused').toEqual([]);
      const totals = await first.entityTotals('run-same-batch');
      expect(totals.map((t) => [t.entity, t.read, t.created, t.rejected])).toEqual([
        ['customer', 120, 84, 36],
      ]);
      expect(await first.rejections('run-same-batch', 1000)).toHaveLength(36);
    });

    it('numbers two attempts started at the same moment apart', async () => {
      await createRun('run-two-starts', ['customer#0']);
      const started = await Promise.all([
        first.startTask('run-two-starts', 'customer#0'),
        second.startTask('run-two-starts', 'customer#0'),
      ]);
      expect(started.map((s) => s?.attempt).sort()).toEqual([1, 2]);
    });

    it('lets only the latest attempt say how the task ended', async () => {
      await createRun('run-older', ['customer#0']);
      const state = async () => {
        const [task] = await first.listTasks('run-older');
        return [task?.status, task?.attempts, task?.error];
      };
      const older = await first.startTask('run-older', 'customer#0');
      await first.recordBatch(batch('run-older', 'customer#0', 0));
      // The job is taken over: a newer attempt starts (a keyless task would replay from its start).
      const newer = await second.startTask('run-older', 'customer#0');
      expect([older?.attempt, newer?.attempt]).toEqual([1, 2]);
      await first.finishTask('run-older', 'customer#0', 'done', null, older?.attempt);
      expect(await state(), 'the older attempt marked the task done under the newer one').toEqual([
        'running',
        2,
        null,
      ]);
      await second.finishTask('run-older', 'customer#0', 'done', null, newer?.attempt);
      await first.finishTask('run-older', 'customer#0', 'failed', 'boom', older?.attempt);
      await first.finishTask('run-older', 'customer#0', 'pending', null, older?.attempt);
      expect(await state(), 'the older attempt undid the end of the newer one').toEqual(['done', 2, null]);
    });

    it('refuses the writes of an older attempt once a newer one started: batches, resets, ends', async () => {
      await createRun('run-fenced', ['customer#0']);
      const older = (await first.startTask('run-fenced', 'customer#0'))?.attempt;
      expect(await first.recordBatch(batch('run-fenced', 'customer#0', 0), older)).toBe(true);
      // The job is taken over: the newer attempt continues after batch 0 and records batch 1.
      const newer = (await second.startTask('run-fenced', 'customer#0'))?.attempt;
      expect(await second.recordBatch(batch('run-fenced', 'customer#0', 1), newer)).toBe(true);
      // The older one, woken up, would record batch 1 again and go on to batch 2, then reset the
      // task for a replay: each is refused, and changes nothing.
      expect(await first.recordBatch({ ...batch('run-fenced', 'customer#0', 1), created: 0 }, older)).toBe(
        false,
      );
      expect(await first.recordBatch(batch('run-fenced', 'customer#0', 2), older)).toBe(false);
      expect(await first.resetTask('run-fenced', 'customer#0', older)).toBe(false);
      expect(await first.finishTask('run-fenced', 'customer#0', 'done', null, older)).toBe(false);
      const [task] = await first.listTasks('run-fenced');
      expect([task?.status, task?.attempts, task?.checkpoint?.seq]).toEqual(['running', 2, 1]);
      const totals = await first.entityTotals('run-fenced');
      expect(totals.map((t) => [t.batches, t.read, t.created, t.rejected])).toEqual([[2, 20, 14, 6]]);
      expect(await first.rejections('run-fenced', 1000)).toHaveLength(6);
      expect(await second.finishTask('run-fenced', 'customer#0', 'done', null, newer)).toBe(true);
    });

    it('does not start a task that is done again, and keeps its batches', async () => {
      await createRun('run-redelivered', ['customer#0']);
      const attempt = await first.startTask('run-redelivered', 'customer#0');
      await first.recordBatch(batch('run-redelivered', 'customer#0', 0));
      await first.finishTask('run-redelivered', 'customer#0', 'done', null, attempt?.attempt);
      // The queue delivers the finished task's job again, to another worker.
      expect(await second.startTask('run-redelivered', 'customer#0')).toBeUndefined();
      const [task] = await first.listTasks('run-redelivered');
      expect([task?.status, task?.attempts, task?.checkpoint?.seq]).toEqual(['done', 1, 0]);
      await expect(second.startTask('run-redelivered', 'nope#0')).rejects.toThrow(
        'run run-redelivered has no task nope#0',
      );
    });
  },
  ['postgres', 'sqlite'],
);
