import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SchemaDocument } from '@madeup/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreClient } from '../../src/loader/core-client.ts';
import { finaliseRun } from '../../src/pipeline/finalise-run.ts';
import { prepareRun } from '../../src/pipeline/prepare-run.ts';
import type { EntityProgressInfo, ProgressReporter } from '../../src/pipeline/progress-reporter.ts';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import type { RunStore } from '../../src/store/run-store.ts';
import { createCustomerRun, customerBatch } from '../support/store-fixtures.ts';

/** Keeps what a step showed, to check it. */
class Recorder implements ProgressReporter {
  started: readonly EntityProgressInfo[] | undefined;
  finished: RunSummary | undefined;
  start(_runId: string, entities: readonly EntityProgressInfo[]): void {
    this.started = entities;
  }
  batch(): void {}
  note(): void {}
  finish(summary: RunSummary): void {
    this.finished = summary;
  }
}

const SCHEMA: SchemaDocument = {
  version: 'v1',
  maxBatchRecords: 1000,
  maxBatchBytes: 1_000_000,
  entities: [],
};

describe('the steps of a run, each alone', () => {
  let dir: string;
  let store: RunStore;
  // Never asked: a run that did not succeed reads no stats and deletes nothing.
  const client = new CoreClient({ url: 'http://127.0.0.1:9', token: 't', connections: 1 });
  const context = () => ({ store, client, schema: SCHEMA, target: 'http://127.0.0.1:9#t' });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-steps-'));
    store = await openRunStore(join(dir, 'runs.sqlite'));
  });
  afterAll(async () => {
    await store.close();
    await client.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prepareRun hands out the tasks not done, shows what was read before, and marks the run running', async () => {
    await createCustomerRun(store, 'run-prepare', {}, 3);
    await store.recordBatch(customerBatch('run-prepare', 'customer#0', 0, ['a', 'b']));
    await store.finishTask('run-prepare', 'customer#0', 'done');
    const progress = new Recorder();
    const prepared = await prepareRun(context(), 'run-prepare', progress);
    expect(prepared.run.id).toBe('run-prepare');
    expect(prepared.tasks).toHaveLength(3);
    expect(prepared.pending).toHaveLength(2);
    expect(progress.started).toEqual([{ entity: 'customer', phase: 0, estimatedRows: null, alreadyRead: 2 }]);
    expect((await store.getRun('run-prepare'))?.status).toBe('running');
  });

  it('prepareRun refuses a run that already succeeded', async () => {
    await createCustomerRun(store, 'run-done', {}, 1);
    await store.setRunStatus('run-done', 'succeeded');
    await expect(prepareRun(context(), 'run-done', new Recorder())).rejects.toThrow(
      'run run-done already succeeded; start a new run instead',
    );
  });

  it('finaliseRun records a stopped run as cancelled and a failed one with its task errors', async () => {
    await createCustomerRun(store, 'run-stop', {}, 1);
    const signal = new AbortController().signal;
    const progress = new Recorder();
    const stopped = await prepareRun(context(), 'run-stop', progress);
    const summary = await finaliseRun(
      context(),
      stopped,
      { done: 0, failed: [], aborted: true },
      { progress, signal },
    );
    expect(summary).toMatchObject({ runId: 'run-stop', status: 'cancelled', reconciliation: [] });
    expect(progress.finished).toEqual(summary);
    expect(await store.getRun('run-stop')).toMatchObject({ status: 'cancelled', error: 'cancelled' });

    await createCustomerRun(store, 'run-fail', {}, 1);
    const failed = await prepareRun(context(), 'run-fail', progress);
    const failure = { done: 0, failed: [{ taskId: 'customer#0', error: 'boom' }], aborted: false };
    expect((await finaliseRun(context(), failed, failure, { progress, signal })).status).toBe('failed');
    expect(await store.getRun('run-fail')).toMatchObject({ status: 'failed', error: 'customer#0: boom' });
  });
});
