import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { ProgressReporter } from '../../src/pipeline/progress-reporter.ts';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import type { E2eCore } from '../e2e/e2e-support.ts';
import { runImport } from '../pipeline/pipeline-support.ts';
import { coreRecords } from '../repeated-runs/core-records.ts';
import {
  type CursorColumn,
  cursorColumn,
  type ShopDialect,
  ZONE_OFFSETS,
} from '../repeated-runs/shop-cursor.ts';
import { SHOP_SOURCE_NAME, ShopSource, writeShopMapping } from '../repeated-runs/shop-source.ts';
import { expectPlausibleCounts, expectTenantEqualsSource, liveIds } from './live-checks.ts';
import { LiveWriter } from './live-writer.ts';
import type { LiveCase } from './live-writes.ts';
import { sourceCustomers } from './source-customers.ts';
import { WritingProgress } from './writing-progress.ts';

const FIELDS = { fields: ['firstName', 'lastName', 'email', 'phone'], refs: [] };

/** How a case's runs are cut, and what comes before the run the writer races. */
export interface LiveShape {
  readonly cursor: CursorColumn;
  /** `--timezone`: a key of `ZONE_OFFSETS`. */
  readonly timezone: string;
  readonly partitionRows: number;
  readonly batchRecords: number;
  readonly concurrency: number;
  /** A quiet full run first (the tenant holds the rows, an incremental run has a watermark), or none. */
  readonly prelude: boolean;
  /** The run the writer races. */
  readonly kind: 'full' | 'incremental' | 'mirror';
  /** SQLite: the journal mode the vendor application uses. */
  readonly journal: 'wal' | 'delete';
}

export const liveShapes = (dialect: ShopDialect): fc.Arbitrary<LiveShape> =>
  fc.record({
    cursor: cursorColumn([dialect]),
    timezone: fc.constantFrom(...Object.keys(ZONE_OFFSETS)),
    partitionRows: fc.constantFrom(2, 3, 5, 50_000),
    batchRecords: fc.constantFrom(1, 2, 5),
    concurrency: fc.constantFrom(1, 2, 3),
    prelude: fc.boolean(),
    kind: fc.constantFrom<LiveShape['kind']>('full', 'incremental', 'mirror'),
    journal: fc.constantFrom<LiveShape['journal']>('wal', 'delete'),
  });

/**
 * One case: a run (full, incremental or mirror) reads the source while the vendor application
 * inserts rows inside and past the planned key ranges, updates and deletes rows; then one
 * incremental run of the quiet source. After it core holds every row of the source (read with the
 * bare driver) with the row's values and nothing else but records of deleted rows, and it created
 * exactly the records core lacked. A mirror run then marks exactly the deleted rows' records deleted.
 * Returns the notes of the run the writer raced.
 */
export async function checkLiveCase(
  fixture: () => E2eCore,
  shape: LiveShape,
  live: LiveCase,
): Promise<{ readonly notes: readonly string[] }> {
  const { token } = await fixture().tenant('sqlite');
  const dir = await mkdtemp(join(tmpdir(), 'onboard-live-'));
  const zoneOffset = ZONE_OFFSETS[shape.timezone] ?? 0;
  const source = await ShopSource.create(dir, shape.cursor, zoneOffset);
  const writer = await LiveWriter.create(source.url, shape.cursor, zoneOffset, live, shape.journal);
  const mapping = join(dir, 'shop.yaml');
  writeShopMapping(mapping);
  const run = (kind: 'full' | 'incremental' | 'mirror', progress?: ProgressReporter): Promise<RunSummary> =>
    runImport(
      {
        mappingPath: mapping,
        sourceUrl: source.url,
        timezone: shape.timezone,
        coreUrl: fixture().core.url,
        token,
        storeUrl: join(dir, 'runs.sqlite'),
        dryRun: false,
        incremental: kind === 'incremental',
        mirror: kind === 'mirror',
        concurrency: shape.concurrency,
        partitionRows: shape.partitionRows,
        batchRecords: shape.batchRecords,
      },
      ...(progress === undefined ? [] : [progress]),
    );
  const core = () =>
    coreRecords({ coreUrl: fixture().core.url, token }, 'customers', SHOP_SOURCE_NAME, FIELDS);
  try {
    if (shape.prelude) expect((await run('full')).failed).toEqual([]);
    const writing = new WritingProgress(writer, live);
    const raced = await run(shape.kind, writing);
    await writer.drain();
    expect(raced.failed).toEqual([]);
    const before = liveIds(await core());

    const quiet = await run('incremental');
    const after = await core();
    const rows = await sourceCustomers(shape.cursor.dialect, source.url);
    expectTenantEqualsSource(rows, after, writer.deleted, 'after the quiet incremental run');
    const created = [...liveIds(after)].filter((id) => !before.has(id)).length;
    expectPlausibleCounts(quiet, created, writer.touched.size, 'the quiet incremental run');

    await run('mirror');
    expectTenantEqualsSource(rows, await core(), writer.deleted, 'after a mirror run', true);
    return { notes: writing.notes };
  } finally {
    await writer.close();
    await source.close();
    await rm(dir, { recursive: true, force: true });
  }
}
