import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { createCustomerRun } from '../support/store-fixtures.ts';

const BATCHES = 100_000;

/**
 * A run's totals over many batches: each entity's batch checksums were gathered by copying the
 * list at every batch, quadratic in the batches (100,000 took 32 s of CPU, 200,000 minutes; `status`, `runs` and the
 * end of a run all sum them). The oracle sums the generated figures itself.
 */
describe('the totals of a run of many batches', () => {
  let dir: string;
  let path: string;
  const checksum = (i: number) => (BigInt(i) * 0x9e3779b97f4a7c15n).toString(16).slice(-16).padStart(16, '0');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-totals-'));
    path = join(dir, 'runs.sqlite');
    const store = await openRunStore(path);
    await createCustomerRun(store, 'big', {}, 1);
    await store.close();
    // Written straight into the store: recording 100,000 batches one by one would take the time.
    const db = new Database(path);
    const insert = db.prepare(
      `INSERT INTO onboard_batches (run_id, task_id, seq, entity, rows_read, skipped, created, updated,
        unchanged, rejected, checksum_count, checksum, duration_ms, recorded_at, cursor_max, null_cursor_rows)
       VALUES ('big', 'customer#0', ?, ?, 3, 0, 2, 1, 0, 0, 3, ?, 1, '2026-01-01T00:00:00.000Z', NULL, 0)`,
    );
    db.transaction(() => {
      for (let i = 1; i <= BATCHES; i++) insert.run(i, i % 2 === 0 ? 'customer' : 'order', checksum(i));
    })();
    db.close();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('sums 100,000 batches in seconds, checksums modulo 2^64', { timeout: 60_000 }, async () => {
    const store = await openRunStore(path, 'existing');
    try {
      const started = process.cpuUsage();
      const totals = await store.entityTotals('big');
      const cpu = process.cpuUsage(started);
      const sum = (parity: number) => {
        let s = 0n;
        for (let i = 1; i <= BATCHES; i++) if (i % 2 === parity) s += BigInt(`0x${checksum(i)}`);
        return (s & ((1n << 64n) - 1n)).toString(16).padStart(16, '0');
      };
      expect(totals.map((t) => [t.entity, t.batches, t.read, t.checksum]).sort()).toEqual([
        ['customer', BATCHES / 2, (3 * BATCHES) / 2, sum(0)],
        ['order', BATCHES / 2, (3 * BATCHES) / 2, sum(1)],
      ]);
      // Linear: about half a second of CPU here; with the list copied at each batch, 32 s.
      expect((cpu.user + cpu.system) / 1e6).toBeLessThan(5);
    } finally {
      await store.close();
    }
  });
});
