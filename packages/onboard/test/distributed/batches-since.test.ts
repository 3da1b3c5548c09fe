import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BatchFeed } from '../../src/executor/bullmq/batch-feed.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import type { BatchResult } from '../../src/store/run-records.ts';
import type { RunStore } from '../../src/store/run-store.ts';

function batch(taskId: string, seq: number): BatchResult {
  return {
    runId: 'run-f',
    taskId,
    seq,
    entity: taskId.split('#')[0] as string,
    rowsRead: 10 + seq,
    skipped: 0,
    created: 9,
    updated: 0,
    unchanged: 1,
    rejected: seq,
    checksumCount: 10,
    checksum: '00000000000000ff',
    durationMs: 5,
    after: [seq],
    cursorMax: seq,
    rejections: [],
  };
}

describeEachDialect(
  'the batches a coordinator reads from the store as workers record them',
  (target) => {
    const database = useTestDatabase(target, 'feed');
    let store: RunStore;

    beforeAll(async () => {
      store = await openRunStore(database().url);
      await store.createRun({
        id: 'run-f',
        sourceName: 'vendor-x',
        sourceUrl: 'sqlite:/tmp/x',
        coreUrl: 'http://core',
        mappingPath: 'm.yaml',
        mappingHash: 'h',
        schemaVersion: 'v1',
        dryRun: false,
        options: {},
        phases: [['a', 'b']],
      });
      const task = (taskId: string, i: number) => ({
        taskId,
        phase: 0,
        entity: taskId.split('#')[0] as string,
        stream: 's',
        partitionIndex: i,
        estimatedRows: 10,
        task: {},
      });
      await store.addTasks('run-f', [task('a#0', 0), task('a#1', 1), task('b#0', 0)]);
    });
    afterAll(async () => {
      await store?.close();
    });

    it('reads only the batches above each given number, by task and number', async () => {
      for (const seq of [0, 1, 2]) await store.recordBatch(batch('a#0', seq));
      await store.recordBatch(batch('b#0', 0));
      const since = new Map([
        ['a#0', 0],
        ['b#0', -1],
        ['a#1', -1],
      ]);
      const found = await store.batchesSince('run-f', since);
      expect(found.map((b) => `${b.taskId}/${b.seq}`)).toEqual(['a#0/1', 'a#0/2', 'b#0/0']);
      expect(found[0]).toMatchObject({ entity: 'a', rowsRead: 11, rejected: 1, cursorMax: 1, unchanged: 1 });
    });

    it('passes each batch on once, from the tasks whose checkpoint moved, skipping those recorded before', async () => {
      const seen: string[] = [];
      const feed = new BatchFeed(store, 'run-f', (b) => seen.push(`${b.taskId}/${b.seq}`));
      feed.start(await store.listTasks('run-f'));
      await feed.look(await store.listTasks('run-f'));
      expect(seen).toEqual([]);
      await store.recordBatch(batch('a#1', 0));
      await store.recordBatch(batch('a#0', 3));
      await feed.look(await store.listTasks('run-f'));
      await feed.look(await store.listTasks('run-f'));
      // A batch recorded again (its task replayed on another worker) is not a new batch.
      await store.recordBatch(batch('a#1', 0));
      await store.recordBatch(batch('a#1', 1));
      await feed.look(await store.listTasks('run-f'));
      expect(seen).toEqual(['a#0/3', 'a#1/0', 'a#1/1']);
    });

    it('passes on a batch recorded below the checkpoint, as a keyless task replayed beside a late older attempt records it', async () => {
      await store.addTasks('run-f', [
        { taskId: 'k#0', phase: 0, entity: 'k', stream: 'k', partitionIndex: 0, estimatedRows: 10, task: {} },
      ]);
      const seen: string[] = [];
      const feed = new BatchFeed(store, 'run-f', (b) => seen.push(`${b.taskId}/${b.seq}`));
      feed.start(await store.listTasks('run-f'));
      const look = async () => feed.look((await store.listTasks('run-f')).filter((t) => t.taskId === 'k#0'));
      await store.recordBatch(batch('k#0', 0));
      await store.recordBatch(batch('k#0', 1));
      await look();
      // The first attempt records batch 2 and freezes past its lock; a second attempt replays the
      // keyless task from its start (its batches are deleted), while the first, woken up, records
      // batch 3: the checkpoint is at 3 with batch 2 missing until the second attempt records it.
      await store.recordBatch(batch('k#0', 2));
      await store.resetTask('run-f', 'k#0');
      await store.recordBatch(batch('k#0', 3));
      await look();
      for (const seq of [0, 1, 2]) await store.recordBatch(batch('k#0', seq));
      await look();
      await look();
      expect(seen).toEqual(['k#0/0', 'k#0/1', 'k#0/3', 'k#0/2']);
    });
  },
  ['postgres', 'sqlite'],
);
