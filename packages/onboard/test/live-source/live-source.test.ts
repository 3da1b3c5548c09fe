import { describe, expect, it } from 'vitest';
import { useE2eCore } from '../e2e/e2e-support.ts';
import { SQLITE_SECONDS_CURSOR } from '../repeated-runs/shop-cursor.ts';
import { checkLiveCase, type LiveShape } from './live-case.ts';
import type { LiveCase } from './live-writes.ts';

/** Partitions of 2 rows read one after the other, a batch per row: every batch is a seam. */
const ONE_BY_ONE = {
  timezone: 'UTC',
  partitionRows: 2,
  batchRecords: 1,
  concurrency: 1,
  prelude: false,
  kind: 'full',
  journal: 'wal',
} as const satisfies Omit<LiveShape, 'cursor'>;

/**
 * The counterexample the property shrank to on SQLite, before the watermark was capped at the cursor's
 * largest value at planning time. A row changed in a partition read already (or read before the
 * change reached its snapshot) has an older cursor than a row changed later in a partition read
 * after: the watermark moved to the later one, and the next incremental run missed the first row.
 */
describe('a watermark after a run that raced the vendor application', () => {
  const fixture = useE2eCore();

  it('leaves rows inserted into a partition read already to the next incremental run (SQLite)', async () => {
    const live: LiveCase = {
      rows: 6,
      shuffle: 1,
      every: 1,
      bursts: [
        [{ kind: 'insert-inside', pick: 0, phone: null }],
        [
          { kind: 'insert-inside', pick: 0, phone: null },
          { kind: 'insert-inside', pick: 1, phone: null },
        ],
      ],
    };
    const cursor = SQLITE_SECONDS_CURSOR;
    const { notes } = await checkLiveCase(fixture, { ...ONE_BY_ONE, cursor }, live);
    // It read rows written after it was planned, and says so.
    expect(notes.filter((note) => note.includes('the source changed while this run read it'))).toHaveLength(
      1,
    );
  }, 60_000);
});
