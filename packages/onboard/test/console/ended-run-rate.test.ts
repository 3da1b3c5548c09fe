import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDetail } from '../../src/console/run-live.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import type { RunStore } from '../../src/store/run-store.ts';
import { createCustomerRun, customerBatch } from '../support/store-fixtures.ts';

/**
 * The run page's rates: a run that goes on has a current rate (its last seconds); one that ended
 * reads nothing now, so it has none, only its average over the run.
 */
describe('the console rate of a run that ended', () => {
  let dir = '';
  let store: RunStore;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-ended-rate-'));
    store = await openRunStore(join(dir, 'runs.sqlite'));
  });
  afterAll(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('has a current rate while it goes, none once it ended, and its average either way', async () => {
    await createCustomerRun(store, 'run-rate', {}, 1);
    await store.setRunStatus('run-rate', 'running');
    await store.startTask('run-rate', 'customer#0');
    await store.recordBatch(customerBatch('run-rate', 'customer#0', 0, ['1', '2', '3', '4', '5', '6']));

    const going = await runDetail(store, 'run-rate', Date.now() + 500);
    expect(going?.recentRowsPerSecond).toBeGreaterThan(0);
    expect(going?.rowsPerSecond).toBeGreaterThan(0);

    await store.setRunStatus('run-rate', 'succeeded');
    const ended = await runDetail(store, 'run-rate', Date.now() + 500);
    expect(ended?.run.finishedAt).not.toBeNull();
    expect(ended?.recentRowsPerSecond).toBeNull();
    expect(ended?.etaSeconds).toBeNull();
    // The average is over the run, from its start to its end: 6 rows in at most a few seconds.
    expect(ended?.rowsPerSecond).toBeGreaterThan(0);
  });
});
