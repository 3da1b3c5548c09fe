import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { openRunContext } from '../../src/pipeline/open-run-context.ts';
import type { ProgressReporter } from '../../src/pipeline/progress-reporter.ts';
import type { RunConfig } from '../../src/pipeline/run-config.ts';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import { startRun } from '../../src/pipeline/start-run.ts';
import { LineProgress } from '../../src/progress/line-progress.ts';
import type { EntityTotals } from '../../src/store/run-records.ts';

export const ROOT = resolve(import.meta.dirname, '../../../..');
export const MAPPING = join(ROOT, 'examples/vendor-x/mapping.yaml');
export const BIN = join(ROOT, 'packages/onboard/bin/onboard.js');

/** Writes a seeded Vendor X database of `rows` rows to a SQLite file or a database URL. */
export async function generateVendorX(fileOrUrl: string, rows: number): Promise<void> {
  await promisify(execFile)(process.execPath, [
    join(ROOT, 'examples/vendor-x/generate.ts'),
    '--target',
    /^[a-z]+:\/\//.test(fileOrUrl) ? fileOrUrl : `sqlite:${fileOrUrl}`,
    '--rows',
    String(rows),
    '--quiet',
  ]);
}

/** Runs an import in this process, without progress output. */
export async function runImport(
  config: Omit<RunConfig, 'concurrency' | 'partitionRows' | 'timezone' | 'incremental'> & Partial<RunConfig>,
  progress: ProgressReporter = new LineProgress(new PassThrough(), 60_000),
): Promise<RunSummary> {
  const full: RunConfig = {
    concurrency: 3,
    partitionRows: 400,
    timezone: 'UTC',
    incremental: false,
    ...config,
  };
  const context = await openRunContext({ ...full, connections: 6 });
  try {
    return await startRun(context, full, progress, new AbortController().signal);
  } finally {
    await context.close();
  }
}

/** Per entity, in order: name, read, created, updated, unchanged, rejected and checksum. */
export function entityCounts(summary: RunSummary): (string | number)[][] {
  return summary.entities.map((t) => [
    t.entity,
    t.read,
    t.created,
    t.updated,
    t.unchanged,
    t.rejected,
    t.checksum,
  ]);
}

/** Per entity: what a run's end state means for core (accepted count, checksum, rejected). */
export function outcome(
  totals: readonly EntityTotals[],
): Record<string, { read: number; accepted: number; rejected: number; checksum: string }> {
  return Object.fromEntries(
    totals.map((t) => [
      t.entity,
      {
        read: t.read,
        accepted: t.created + t.updated + t.unchanged,
        rejected: t.rejected,
        checksum: t.checksum,
      },
    ]),
  );
}
