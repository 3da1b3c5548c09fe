import { setTimeout as sleep } from 'node:timers/promises';
import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/open-run-store.ts';
import type { PruneCounts } from '../../src/store/prune-runs.ts';
import type { RunStatus } from '../../src/store/run-records.ts';
import type { RunStore } from '../../src/store/run-store.ts';
import { createCustomerRun, customerBatch } from '../support/store-fixtures.ts';

/** A batch of `sent` ids with one rejected row (id `rejected`, or unknown when null). */
const batch = (runId: string, taskId: string, seq: number, sent: string[], rejected: string | null) =>
  customerBatch(runId, taskId, seq, sent, rejected);

const holder = (id: string) => ({ id, pid: 4242, host: 'test-host' });

describeEachDialect(
  'RunStore.prune',
  (target) => {
    const database = useTestDatabase(target, 'prune');
    let store: RunStore;
    /** Runs `old-*` ended before it, `recent` after. */
    let cutoff: Date;

    const createRun = async (id: string, status: RunStatus, mirror = false) => {
      await createCustomerRun(store, id, mirror ? { mirror: true } : {});
      await store.recordBatch(batch(id, 'customer#0', 0, ['a', 'b'], 'r0'));
      if (status !== 'planned') await store.setRunStatus(id, 'running');
      if (status !== 'planned' && status !== 'running') await store.setRunStatus(id, status);
    };

    /** Every row the run has, read through the store's own queries (one per table). */
    const footprint = async (id: string) => ({
      run: (await store.getRun(id))?.status,
      tasks: (await store.listTasks(id)).length,
      batches: (await store.entityTotals(id)).reduce((sum, t) => sum + t.read, 0),
      rejections: (await store.rejections(id)).length,
      seen: [...(await store.mirror.seenIdCounts(id)).values()].reduce((sum, n) => sum + n, 0),
      gaps: (await store.mirror.gaps(id)).size,
      deleted: (await store.mirror.deletions(id)).reduce((sum, d) => sum + d.count, 0),
      merged: (await store.merges.list(id)).length,
      lock: (await store.locks.get(id))?.id,
      starts: (await store.runStarts(id)).length,
    });

    beforeAll(async () => {
      store = await openRunStore(database().url);
      await createRun('old-mirror', 'running', true);
      await store.recordBatch(batch('old-mirror', 'customer#0', 1, ['b', 'c'], 'r1'));
      await store.recordBatch(batch('old-mirror', 'customer#1', 0, ['d', 'e'], null));
      await store.mirror.noteDeletions('old-mirror', 'customers', ['x', 'y']);
      const member = { entity: 'customers', survivorId: 'a', rule: 'match email', record: null, emit: false };
      await store.merges.add('old-mirror', [
        { ...member, externalId: 'a', emit: true, record: { externalId: 'a', fields: {} } },
        { ...member, externalId: 'z' },
      ]);
      await store.setRunStatus('old-mirror', 'succeeded');
      await store.setWatermark({
        target: 'http://core#t',
        sourceName: 'vendor-x',
        stream: 'customers',
        cursorColumn: 'updated_at',
        value: '2026-01-01',
        runId: 'old-mirror',
      });
      await createRun('old-failed', 'failed');
      // A lease its dead holder left behind: expired, so it does not protect the run.
      await store.locks.acquire('old-failed', holder('dead'), -60_000);
      await createRun('old-cancelled', 'cancelled');
      await createRun('old-locked', 'succeeded');
      await store.locks.acquire('old-locked', holder('alive'), 600_000);
      await createRun('old-running', 'running');
      await createRun('old-planned', 'planned');
      await sleep(10);
      cutoff = new Date();
      await sleep(10);
      await createRun('recent', 'succeeded');
    });
    afterAll(async () => {
      await store?.close();
    });

    const expected: PruneCounts = {
      onboard_merges: 2,
      onboard_run_starts: 3,
      onboard_deletions: 2,
      onboard_seen_ids: 7,
      onboard_mirror_gaps: 1,
      onboard_rejections: 5,
      onboard_batches: 5,
      onboard_tasks: 6,
      onboard_run_locks: 1,
      onboard_runs: 3,
    };

    it('counts in a dry run what it would delete, and deletes nothing', async () => {
      const before = await footprint('old-mirror');
      expect(before).toEqual({
        run: 'succeeded',
        tasks: 2,
        batches: 3 + 3 + 3,
        rejections: 3,
        seen: 7,
        gaps: 1,
        deleted: 2,
        merged: 2,
        lock: undefined,
        starts: 1,
      });
      const result = await store.prune({ endedBefore: cutoff, dryRun: true });
      expect(result.dryRun).toBe(true);
      expect(result.runs.map((r) => r.runId).sort()).toEqual(['old-cancelled', 'old-failed', 'old-mirror']);
      expect(result.kept).toEqual([{ runId: 'old-locked', reason: 'locked by pid 4242 on test-host' }]);
      expect(result.totals).toEqual(expected);
      expect(await footprint('old-mirror')).toEqual(before);
      expect((await store.locks.get('old-failed'))?.id).toBe('dead');
      expect((await store.listRuns()).length).toBe(7);
    });

    it('removes old ended runs from every table, a chunk at a time, and keeps the rest', async () => {
      const result = await store.prune({ endedBefore: cutoff, chunkSize: 2 });
      expect(result.dryRun).toBe(false);
      expect(result.totals).toEqual(expected);
      expect(result.runs.find((r) => r.runId === 'old-mirror')?.rows).toEqual({
        onboard_merges: 2,
        onboard_run_starts: 1,
        onboard_deletions: 2,
        onboard_seen_ids: 7,
        onboard_mirror_gaps: 1,
        onboard_rejections: 3,
        onboard_batches: 3,
        onboard_tasks: 2,
        onboard_run_locks: 0,
        onboard_runs: 1,
      });
      const gone = {
        run: undefined,
        tasks: 0,
        batches: 0,
        rejections: 0,
        seen: 0,
        gaps: 0,
        deleted: 0,
        merged: 0,
        lock: undefined,
        starts: 0,
      };
      for (const id of ['old-mirror', 'old-failed', 'old-cancelled'])
        expect(await footprint(id)).toEqual(gone);
      const one = { tasks: 2, batches: 3, rejections: 1, seen: 0, gaps: 0, deleted: 0, merged: 0, starts: 1 };
      expect(await footprint('old-locked')).toEqual({ ...one, run: 'succeeded', lock: 'alive' });
      expect(await footprint('old-running')).toEqual({ ...one, run: 'running', lock: undefined });
      expect(await footprint('old-planned')).toEqual({ ...one, run: 'planned', lock: undefined, starts: 0 });
      expect(await footprint('recent')).toEqual({ ...one, run: 'succeeded', lock: undefined });
      expect((await store.listRuns()).map((r) => r.id).sort()).toEqual([
        'old-locked',
        'old-planned',
        'old-running',
        'recent',
      ]);
      // Watermarks are per target, source and stream: the next incremental run still starts from it.
      expect((await store.getWatermark('http://core#t', 'vendor-x', 'customers'))?.runId).toBe('old-mirror');
    });

    it('finds nothing more to delete the second time, and a released run the next time', async () => {
      const again = await store.prune({ endedBefore: cutoff });
      expect(again.runs).toEqual([]);
      expect(Object.values(again.totals).every((n) => n === 0)).toBe(true);
      await store.locks.release('old-locked', 'alive');
      const released = await store.prune({ endedBefore: cutoff });
      expect(released.runs.map((r) => r.runId)).toEqual(['old-locked']);
      expect(released.totals.onboard_runs).toBe(1);
      expect(released.totals.onboard_batches).toBe(1);
      expect(await store.getRun('old-locked')).toBeUndefined();
      expect(await store.getRun('recent')).toBeDefined();
    });
  },
  ['postgres', 'sqlite'],
);
