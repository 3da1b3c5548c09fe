import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatRunStatus, type RunStatusView } from '../../src/cli/commands/status.ts';
import { skipReasons } from '../../src/pipeline/reconcile.ts';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import { LineProgress } from '../../src/progress/line-progress.ts';
import { formatSummary } from '../../src/progress/summary-table.ts';

const STATUS: RunStatusView = {
  runId: 'r1',
  status: 'running',
  createdAt: '2026-12-03T10:00:00.000Z',
  startedAt: '2026-12-03T10:00:01.000Z',
  finishedAt: null,
  error: null,
  tasks: { pending: 1, running: 1, done: 2, failed: 0 },
  entities: [{ entity: 'staff', read: 1500, estimated: 1750 }],
  rowsPerSecond: 1000,
  runningSeconds: 1.5,
  stoppedSeconds: 0,
};

function summary(dryRun: boolean): RunSummary {
  return {
    runId: 'r1',
    status: 'succeeded',
    dryRun,
    durationMs: 1000,
    entities: [],
    reconciliation: [],
    failed: [],
  };
}

describe('what a finished run, a dry run and an incremental run say at the end', () => {
  it('status: the estimate while running, the exact rows once the run succeeded', () => {
    expect(formatRunStatus(STATUS)).toContain('  staff   1500 of ~1750 rows (86%)\n');
    const done = formatRunStatus({ ...STATUS, status: 'succeeded', finishedAt: '2026-12-03T10:00:03.000Z' });
    expect(done).toContain('  staff   1500 rows, all read\n');
    expect(done).not.toMatch(/1750|%/);
  });

  it('a dry run says under its table what it cannot know; a real run does not', () => {
    const dry = formatSummary(summary(true));
    expect(dry).toMatch(/^run r1 \(dry run\): succeeded/);
    expect(dry).toContain('dry run: nothing was written');
    expect(dry).toContain('orphans');
    expect(dry).toContain('A real run can therefore reject rows counted as created here');
    expect(formatSummary(summary(false))).not.toContain('dry run');
  });

  it('the incremental reconciliation message is a whole sentence', () => {
    const reason = skipReasons(false, [{ entity: 'staff', cursor: { column: 'updated_at' } }])('staff');
    expect(reason).toBe(
      'incremental: only rows past the watermark on updated_at (or with it null) were read, while core also holds the records of earlier runs; a full run (without --incremental) reconciles every record',
    );
  });

  it('a run that rejected rows says under its table where to see why; one that rejected none does not', () => {
    const finished = (rejected: number) => {
      const out = new PassThrough();
      const results = new PassThrough();
      const progress = new LineProgress(out, 60_000, results);
      progress.start('r1', []);
      progress.finish({
        ...summary(false),
        entities: [
          {
            entity: 'customers',
            read: 10,
            created: 10 - rejected,
            updated: 0,
            unchanged: 0,
            skipped: 0,
            rejected,
            batches: 1,
            checksumCount: 10 - rejected,
            checksum: '0',
            durationMs: 1,
          },
        ],
      });
      return { said: String(out.read() ?? ''), table: String(results.read() ?? '') };
    };
    const some = finished(10);
    expect(some.said).toContain(
      '10 row(s) rejected: `onboard report r1` shows why, `--rejected-csv FILE` writes them all\n',
    );
    expect(some.table).not.toContain('onboard report');
    expect(finished(0).said).not.toContain('rejected:');
  });
});
