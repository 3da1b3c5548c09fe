import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { formatRunStatus, runStatus } from '../../src/cli/commands/status.ts';
import { runDetail } from '../../src/console/run-live.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import type { RunStore } from '../../src/store/run-store.ts';
import { createCustomerRun, customerBatch } from '../support/store-fixtures.ts';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
/** The store's clock (every `recorded_at`, `started_at`...) set to `seconds` after T0. */
const at = (seconds: number) => vi.setSystemTime(T0 + seconds * 1000);
/** 100 fresh external ids. */
const ids = (seq: number) => Array.from({ length: 100 }, (_, i) => `${seq}-${i}`);

/**
 * A run's average rate counts only the time it was running: a run killed after 10 s of batches and
 * resumed an hour later, or whose workers were all gone for ten minutes, reads at its real rate,
 * not at its rows over the whole hour. The store's clock is the test's (only `Date` is faked):
 * every figure below is worked out from the timeline the test writes, not by the code under test.
 */
describeEachDialect(
  'the average rate of a run that was stopped for a while',
  (target) => {
    const database = useTestDatabase(target, 'stopped_rate');
    let store: RunStore;

    beforeAll(async () => {
      store = await openRunStore(database().url);
    });
    afterEach(() => {
      vi.useRealTimers();
    });
    afterAll(async () => {
      await store?.close();
    });

    /** Ten batches of 100 rows on `task`, one a second from `from` + 1 s to `from` + 10 s. */
    const tenBatches = async (runId: string, task: string, from: number) => {
      for (let i = 1; i <= 10; i += 1) {
        at(from + i);
        await store.recordBatch(customerBatch(runId, task, i, ids(from + i)));
      }
    };

    it('a run killed and resumed an hour later: status and console count 10 s + the resume, not the hour', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const runId = 'run-crashed';
      at(0);
      await createCustomerRun(store, runId, {}, 2);
      await store.setRunStatus(runId, 'running');
      await store.startTask(runId, 'customer#0');
      await tenBatches(runId, 'customer#0', 0);
      // kill -9 after the batch at 10 s: the store still says running, nobody holds the run.

      at(3600);
      const interrupted = await runStatus(store, runId);
      // Running from 0 to its last batch (10 s): 1000 rows / 10 s. The hour since is not counted.
      expect(interrupted.runningSeconds).toBe(10);
      expect(interrupted.rowsPerSecond).toBe(100);
      expect((await runDetail(store, runId))?.rowsPerSecond).toBe(100);

      // `onboard resume` at 3600 s: another process takes the run up.
      await store.recordStart(runId, 'resuming process');
      await store.locks.acquire(runId, { id: 'resume', pid: 2, host: 'h' }, 600_000);
      await tenBatches(runId, 'customer#1', 3600);
      at(3612);
      const going = await runStatus(store, runId);
      // 10 s before the crash and 12 s since the resume: 2000 rows / 22 s.
      expect([going.runningSeconds, going.stoppedSeconds]).toEqual([22, 3590]);
      expect(going.rowsPerSecond).toBe(Math.round(2000 / 22));
      const live = await runDetail(store, runId);
      expect(live?.rowsPerSecond).toBe(Math.round(2000 / 22));
      expect([live?.runningSeconds, live?.stoppedSeconds]).toEqual([22, 3590]);

      at(3615);
      await store.setRunStatus(runId, 'succeeded');
      await store.locks.release(runId, 'resume');
      at(7200);
      const ended = await runStatus(store, runId);
      expect(ended.rowsPerSecond).toBe(2000 / 25);
      expect((await runDetail(store, runId))?.rowsPerSecond).toBe(2000 / 25);
      // What the average covers is said where it differs from the elapsed time.
      expect(formatRunStatus(ended)).toContain(
        ', 80 rows/s over its 25s running (stopped 59m50s, not counted)',
      );
    });

    it('workers all gone for ten minutes while the coordinator waited: the ten minutes are not counted', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const runId = 'run-workers-gone';
      at(0);
      await createCustomerRun(store, runId, {}, 2);
      await store.setRunStatus(runId, 'running');
      await store.locks.acquire(runId, { id: 'coordinator', pid: 1, host: 'h' }, 3_600_000);
      await store.recordStart(runId, 'worker A');
      await tenBatches(runId, 'customer#0', 0);
      // Worker A is gone after 10 s; worker B comes at 600 s.
      at(600);
      await store.recordStart(runId, 'worker B');
      await tenBatches(runId, 'customer#1', 600);
      at(612);
      const status = await runStatus(store, runId);
      expect([status.runningSeconds, status.stoppedSeconds]).toEqual([22, 590]);
      expect(status.rowsPerSecond).toBe(Math.round(2000 / 22));
      expect((await runDetail(store, runId))?.rowsPerSecond).toBe(Math.round(2000 / 22));
    });

    it('a worker added while another works the run (batches 30 s apart): nothing is counted as stopped', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const runId = 'run-worker-added';
      at(0);
      await createCustomerRun(store, runId, {}, 2);
      await store.setRunStatus(runId, 'running');
      const attempt = await store.startTask(runId, 'customer#0');
      // This process works customer#0 from 0 s to 100 s, a batch every 30 s (a slow core).
      for (const seq of [1, 2, 3]) {
        at(seq * 30);
        await store.recordBatch(customerBatch(runId, 'customer#0', seq, ids(seq * 30)));
      }
      // Worker B joins at 75 s, 15 s after the batch at 60 s, while customer#0 goes on.
      at(75);
      await store.recordStart(runId, 'worker B');
      at(100);
      await store.finishTask(runId, 'customer#0', 'done', null, attempt?.attempt);
      at(120);
      await store.setRunStatus(runId, 'succeeded');
      const status = await runStatus(store, runId);
      // The run ran from 0 to 120 s without a stop: 300 rows / 120 s (the 15 s were counted as stopped).
      expect([status.runningSeconds, status.stoppedSeconds]).toEqual([120, 0]);
      expect(status.rowsPerSecond).toBe(Math.round(300 / 120));
    });

    it('a run never stopped: the average is its rows over its elapsed time, and says nothing more', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const runId = 'run-straight';
      at(0);
      await createCustomerRun(store, runId, {}, 2);
      await store.setRunStatus(runId, 'running');
      await store.startTask(runId, 'customer#0');
      await tenBatches(runId, 'customer#0', 0);
      at(20);
      await store.setRunStatus(runId, 'succeeded');
      const status = await runStatus(store, runId);
      expect([status.runningSeconds, status.stoppedSeconds, status.rowsPerSecond]).toEqual([20, 0, 50]);
      expect(formatRunStatus(status)).toMatch(/, 50 rows\/s\n/);
    });

    it('a worker records its start on the run with its first task (what tells a worker that came back)', async () => {
      await createCustomerRun(store, 'run-worker', {}, 2);
      expect(await store.runStarts('run-worker')).toEqual([]);
      await store.startTask('run-worker', 'customer#0');
      await store.startTask('run-worker', 'customer#1');
      expect(await store.runStarts('run-worker')).toHaveLength(1);
    });
  },
  ['sqlite', 'postgres'],
);
