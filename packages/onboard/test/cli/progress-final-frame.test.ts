import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import { LineProgress } from '../../src/progress/line-progress.ts';
import { TtyProgress } from '../../src/progress/tty-progress.ts';
import type { BatchResult } from '../../src/store/run-records.ts';

/** A stream that keeps what is written to it. */
function sink(tty = false): PassThrough & { text: () => string; isTTY: boolean } {
  const stream = new PassThrough() as PassThrough & { text: () => string; isTTY: boolean };
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  stream.text = () => text;
  stream.isTTY = tty;
  return stream;
}

/** The planner estimated 1750 staff rows; 1500 were read, in batches, and that is all there was. */
function summary(status: RunSummary['status']): RunSummary {
  return {
    runId: 'r1',
    status,
    dryRun: false,
    durationMs: 1200,
    entities: [
      {
        entity: 'staff',
        read: 1500,
        skipped: 0,
        created: 1500,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        batches: 2,
        checksumCount: 1500,
        checksum: 'c',
        durationMs: 1000,
      },
    ],
    reconciliation: [],
    failed: [],
  };
}

function batch(rowsRead: number, seq: number): BatchResult {
  return {
    runId: 'r1',
    taskId: 'staff#0',
    seq,
    entity: 'staff',
    rowsRead,
    created: rowsRead,
    updated: 0,
    unchanged: 0,
    rejected: 0,
  } as unknown as BatchResult;
}

const START = [{ entity: 'staff', phase: 0, estimatedRows: 1750, alreadyRead: 0 }];

describe('the last progress frame and where the summary goes', () => {
  it('terminal: the last frame shows the exact total, a full bar and "done", no ETA; the table goes to results', () => {
    const screen = sink(true);
    const results = sink();
    const progress = new TtyProgress(screen as unknown as NodeJS.WriteStream, results);
    progress.start('r1', START);
    progress.batch(batch(1000, 0));
    progress.batch(batch(500, 1));
    progress.finish(summary('succeeded'));
    const frames = screen.text().split('\x1b[');
    const last = frames.at(-1) ?? '';
    expect(last).toMatch(/staff {2}█{24}\s+1500\/1500\s+\d+ rows\/s {2}done {2}rejected 0/);
    expect(last).not.toContain('eta');
    expect(last).not.toContain('1750');
    expect(screen.text()).not.toContain('run r1: succeeded');
    expect(results.text()).toMatch(/^run r1: succeeded in 1\.2s\nentity/);
  });

  it('plain lines: a last line per entity with the exact total and "done", the table on results', () => {
    const log = sink();
    const results = sink();
    const progress = new LineProgress(log, 60_000, results);
    progress.start('r1', START);
    progress.batch(batch(1500, 0));
    progress.finish(summary('succeeded'));
    const lines = log.text().trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^staff: 1500\/1500 rows, \d+ rows\/s, done, rejected 0$/);
    expect(log.text()).not.toContain('eta');
    expect(results.text()).toMatch(/^run r1: succeeded/);
  });

  it('a failed run keeps the estimate but shows no ETA: "stopped"', () => {
    const log = sink();
    const progress = new LineProgress(log, 60_000, sink());
    progress.start('r1', START);
    progress.batch(batch(900, 0));
    progress.finish({
      ...summary('failed'),
      entities: [{ ...summary('failed').entities[0], read: 900 }] as never,
    });
    expect(log.text().trimEnd().split('\n').at(-1)).toMatch(
      /^staff: 900\/1750 rows, \d+ rows\/s, stopped, rejected 0$/,
    );
  });
});
