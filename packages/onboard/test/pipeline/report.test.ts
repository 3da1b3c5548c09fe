import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRejectionsCsv } from '../../src/pipeline/rejections-csv.ts';
import { storedSummary } from '../../src/pipeline/stored-summary.ts';
import { JsonProgress } from '../../src/progress/json-progress.ts';
import { LineProgress } from '../../src/progress/line-progress.ts';
import { formatSummary } from '../../src/progress/summary-table.ts';
import { TtyProgress } from '../../src/progress/tty-progress.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import type { BatchResult } from '../../src/store/run-records.ts';
import type { RunStore } from '../../src/store/run-store.ts';

const batch: BatchResult = {
  runId: 'r1',
  taskId: 'customers#0',
  seq: 0,
  entity: 'customers',
  rowsRead: 5,
  skipped: 1,
  created: 2,
  updated: 0,
  unchanged: 0,
  rejected: 2,
  checksumCount: 2,
  checksum: '00000000000000ff',
  durationMs: 3,
  after: [5],
  cursorMax: null,
  rejections: [
    {
      position: 1,
      entity: 'customers',
      externalId: 'c2',
      stage: 'core',
      errors: [
        { field: 'fields.email', code: 'invalid_format', message: 'not an e-mail, "really"' },
        { field: 'refs.manager', code: 'unresolved_reference', message: 'no staff 9' },
      ],
      row: { id: 2, note: 'line one\nline two, with comma' },
    },
    {
      position: 3,
      entity: 'customers',
      externalId: null,
      stage: 'transform',
      errors: [{ field: 'externalId', code: 'required', message: 'empty id' }],
      row: { id: null },
    },
  ],
};

describe('run report', () => {
  let dir: string;
  let store: RunStore;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-report-'));
    store = await openRunStore(join(dir, 'runs.sqlite'));
    await store.createRun({
      id: 'r1',
      sourceName: 'vendor-x',
      sourceUrl: 'sqlite:/x',
      coreUrl: 'http://core',
      mappingPath: '/m.yaml',
      mappingHash: 'h',
      schemaVersion: 'v',
      dryRun: false,
      options: {},
      phases: [['customers']],
    });
    await store.addTasks('r1', [
      {
        taskId: 'customers#0',
        phase: 0,
        entity: 'customers',
        stream: 'client',
        partitionIndex: 0,
        estimatedRows: 5,
        task: {},
      },
    ]);
    await store.recordBatch(batch);
    await store.finishTask('r1', 'customers#0', 'done');
    await store.saveReconciliation('r1', [
      {
        entity: 'customers',
        loaded: 2,
        checksum: '00000000000000ff',
        coreCount: 3,
        coreChecksum: '0000000000000abc',
        status: 'mismatch',
      },
    ]);
    await store.setRunStatus('r1', 'succeeded');
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('rebuilds the summary from the store and prints every column and the mismatch', async () => {
    const summary = await storedSummary(store, 'r1');
    expect(summary.tasks).toEqual({ done: 1 });
    const text = formatSummary(summary);
    const row = text.split('\n').find((line) => line.startsWith('customers'));
    expect(row?.split(/\s+/)).toEqual(['customers', '5', '2', '0', '0', '1', '2', '3', 'mismatch']);
    expect(text).toContain(
      'this run loaded 2 (checksum 00000000000000ff), core holds 3 (checksum 0000000000000abc)',
    );
    await expect(storedSummary(store, 'nope')).rejects.toThrow('no run nope');
  });

  it('exports rejected records as CSV with every reason and the source row, quoting what needs it', async () => {
    const file = join(dir, 'rejected.csv');
    expect(await writeRejectionsCsv(store, 'r1', file)).toBe(2);
    const rows = parse(await readFile(file, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      entity: 'customers',
      external_id: 'c2',
      stage: 'core',
      reasons:
        'fields.email: invalid_format: not an e-mail, "really" | refs.manager: unresolved_reference: no staff 9',
      fields: 'fields.email | refs.manager',
      codes: 'invalid_format | unresolved_reference',
      source_row: JSON.stringify({ id: 2, note: 'line one\nline two, with comma' }),
    });
    expect(rows[1]?.external_id).toBe('');
  });

  it('writes JSON lines for batches and the end, and plain lines otherwise', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    const json = new JsonProgress(out);
    json.start('r1', [{ entity: 'customers', phase: 0, estimatedRows: 5, alreadyRead: 0 }]);
    json.batch(batch);
    json.finish(await storedSummary(store, 'r1'));
    const events = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; rowsRead?: number; rejections?: unknown });
    expect(events.map((e) => e.event)).toEqual(['run.start', 'batch', 'run.end']);
    expect(events[1]).toMatchObject({ rowsRead: 5, created: 2 });
    expect(events[1]?.rejections).toBeUndefined();

    const plain = new PassThrough();
    let lines = '';
    plain.on('data', (chunk: Buffer) => {
      lines += chunk.toString();
    });
    const progress = new LineProgress(plain, 60_000);
    progress.start('r1', [{ entity: 'customers', phase: 0, estimatedRows: 10, alreadyRead: 0 }]);
    progress.batch(batch);
    progress.finish(await storedSummary(store, 'r1'));
    // The run ended: its last line has the exact total, not the planner's estimate of 10.
    expect(lines).toMatch(/customers: 5\/5 rows, \d+ rows\/s, done/);
    expect(lines).toContain('run r1: succeeded');
  });

  it('draws a bar per entity on a terminal, redrawn in place', async () => {
    const tty = new PassThrough() as PassThrough & { isTTY: boolean };
    tty.isTTY = true;
    let screen = '';
    tty.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
    });
    const progress = new TtyProgress(tty as unknown as NodeJS.WriteStream);
    progress.start('r1', [
      { entity: 'customers', phase: 0, estimatedRows: 10, alreadyRead: 0 },
      { entity: 'invoices', phase: 1, estimatedRows: null, alreadyRead: 0 },
    ]);
    progress.batch(batch);
    progress.note('core busy, retrying');
    progress.finish(await storedSummary(store, 'r1'));
    expect(screen).toContain('core busy, retrying\n');
    expect(screen).toMatch(/customers █{12}░{12}\s+5\/10\s+\d+ rows\/s {2}eta/);
    expect(screen).toMatch(/invoices {2}·{24}\s+0\/\?/);
    expect(screen).toContain('\x1b[2A');
    expect(screen).toContain('run r1: succeeded');
  });
});
