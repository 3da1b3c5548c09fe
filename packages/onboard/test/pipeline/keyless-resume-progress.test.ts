import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningCore, startCore } from '@madeup/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunContext } from '../../src/pipeline/open-run-context.ts';
import type { EntityProgressInfo, ProgressReporter } from '../../src/pipeline/progress-reporter.ts';
import { resumeRun } from '../../src/pipeline/resume-run.ts';
import type { RunConfig } from '../../src/pipeline/run-config.ts';
import { startRun } from '../../src/pipeline/start-run.ts';
import type { BatchResult } from '../../src/store/run-records.ts';
import { generateWithKeylessTable } from '../distributed/delivery/keyless-source.ts';
import { sourceRows } from '../distributed/delivery/source-rows.ts';
import { MAPPING } from './pipeline-support.ts';

/** What a progress display is told: the rows read before, and each batch. */
class Recorder implements ProgressReporter {
  started: readonly EntityProgressInfo[] = [];
  readonly batches: BatchResult[] = [];
  readonly #onBatch: (batch: BatchResult, seen: readonly BatchResult[]) => void;
  constructor(onBatch: (batch: BatchResult, seen: readonly BatchResult[]) => void = () => {}) {
    this.#onBatch = onBatch;
  }
  start(_runId: string, entities: readonly EntityProgressInfo[]): void {
    this.started = entities;
  }
  batch(batch: BatchResult): void {
    this.batches.push(batch);
    this.#onBatch(batch, this.batches);
  }
  note(): void {}
  finish(): void {}
  /** Per entity, the rows read before this execution plus the rows of the batches told. */
  shown(): Record<string, number> {
    const rows = Object.fromEntries(this.started.map((e) => [e.entity, e.alreadyRead]));
    for (const b of this.batches) rows[b.entity] = (rows[b.entity] ?? 0) + b.rowsRead;
    return rows;
  }
}

/**
 * A run stopped part-way through a stream without a primary key (read as one partition), then
 * resumed in this process: the resumed task replays the stream from its start, recording again
 * the batches the first execution had recorded. The progress display, which starts from the rows
 * read before, must not be told those batches again: it would show more rows than the source has.
 */
describe('progress of a resumed run that replays a keyless stream', () => {
  let dir = '';
  let core: RunningCore | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-keyless-resume-'));
    core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
  }, 60_000);
  afterAll(async () => {
    await core?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows each source row once', async () => {
    const file = join(dir, 'vendor-x.sqlite');
    await generateWithKeylessTable(file, 600, 'inv_det');
    const config: RunConfig = {
      mappingPath: MAPPING,
      sourceUrl: `sqlite:${file}`,
      coreUrl: (core as RunningCore).url,
      token: (await (core as RunningCore).createTenant(`keyless-${process.pid}`)).token,
      storeUrl: join(dir, 'runs.sqlite'),
      dryRun: false,
      concurrency: 2,
      partitionRows: 400,
      batchRecords: 20,
      timezone: 'UTC',
      incremental: false,
    };
    const context = await openRunContext({ ...config, connections: 4 });
    try {
      // Stopped once the keyless stream has recorded three batches.
      const stop = new AbortController();
      const first = new Recorder((batch, seen) => {
        if (seen.filter((b) => b.entity === batch.entity && b.taskId === 'invoiceLines#0').length >= 3)
          stop.abort();
      });
      const stopped = await startRun(context, config, first, stop.signal);
      expect(stopped.status).not.toBe('succeeded');
      const [keyless] = (await context.store.listTasks(stopped.runId)).filter(
        (t) => t.taskId === 'invoiceLines#0',
      );
      expect(keyless?.status).not.toBe('done');
      expect(keyless?.checkpoint?.seq).toBeGreaterThanOrEqual(2);

      expect(stopped.resumeMs).toBeUndefined();
      // The resume's summary tells the run's time since its first start, this pause included,
      // and the resume's own time apart: not the resume's alone as the run's.
      const PAUSE_MS = 300;
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      const second = new Recorder();
      const resumed = await resumeRun(context, stopped.runId, 2, second, new AbortController().signal);
      expect(resumed.status).toBe('succeeded');
      expect(resumed.resumeMs).toBeGreaterThan(0);
      expect(resumed.durationMs).toBeGreaterThanOrEqual((resumed.resumeMs ?? 0) + PAUSE_MS);
      const source = await sourceRows(config.sourceUrl);
      expect(Object.fromEntries(resumed.entities.map((e) => [e.entity, e.read]))).toEqual(source);
      expect(second.shown()).toEqual(source);
    } finally {
      await context.close();
    }
  }, 120_000);
});
