import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithServer, MYSQL } from '@madeup/testkit';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import type { ProgressReporter } from '../../src/pipeline/progress-reporter.ts';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import { useE2eCore } from '../e2e/e2e-support.ts';
import { startFaultProxy } from '../pipeline/fault-proxy.ts';
import { runImport } from '../pipeline/pipeline-support.ts';
import { coreRecords } from '../repeated-runs/core-records.ts';
import { MARIADB_SECONDS_CURSOR } from '../repeated-runs/shop-cursor.ts';
import { SHOP_SOURCE_NAME, ShopSource, writeShopMapping } from '../repeated-runs/shop-source.ts';
import { expectTenantEqualsSource } from './live-checks.ts';
import { LiveWriter } from './live-writer.ts';
import { sourceCustomers } from './source-customers.ts';

const FIELDS = { fields: ['firstName', 'lastName', 'email', 'phone'], refs: [] };
const CHANGED = 'the source changed while this run read it';

/** Keeps the run's notes, shows nothing. */
class NotesOnly implements ProgressReporter {
  readonly notes: string[] = [];
  start(): void {}
  batch(): void {}
  note(message: string): void {
    this.notes.push(message);
  }
  finish(): void {}
}

/**
 * The live-source counterexample on a MariaDB source, built step by step: six rows keyed 10…60
 * whose cursor grows with the key (00:00:01 … 00:00:06), read in partitions of 2 rows one after
 * the other, a batch per row. Each partition reads in its own `CONSISTENT SNAPSHOT` transaction.
 * When core has answered the first batch of the second partition (its transaction has begun), the
 * vendor application updates row 10 (read already, cursor 00:00:08), then row 50 (not read yet,
 * 00:00:09). The run reads row 50's change and misses row 10's: moved to the largest value it
 * read, the watermark would pass row 10's change and no incremental run would read it again. It
 * stays at 00:00:06, the largest value when the run was planned, and the next incremental run
 * reads both rows changed since.
 */
describeWithServer(
  'a watermark after a run that raced the vendor application [MariaDB source]',
  MYSQL,
  () => {
    const fixture = useE2eCore();

    it('leaves a row updated in a partition read already to the next incremental run', async () => {
      const { token } = await fixture().tenant('sqlite');
      const dir = await mkdtemp(join(tmpdir(), 'onboard-live-mariadb-'));
      const cursor = MARIADB_SECONDS_CURSOR;
      const source = await ShopSource.create(dir, cursor, 0);
      const writer = await LiveWriter.create(
        source.url,
        cursor,
        0,
        { rows: 6, shuffle: 1, every: 1, bursts: [] },
        'wal',
      );
      const proxy = await startFaultProxy(fixture().core.url);
      const mapping = join(dir, 'shop.yaml');
      writeShopMapping(mapping);
      const storeUrl = join(dir, 'runs.sqlite');
      const run = async (incremental: boolean, progress = new NotesOnly()): Promise<RunSummary> => {
        const summary = await runImport(
          {
            mappingPath: mapping,
            sourceUrl: source.url,
            coreUrl: proxy.url,
            token,
            storeUrl,
            dryRun: false,
            incremental,
            concurrency: 1,
            partitionRows: 2,
            batchRecords: 1,
          },
          progress,
        );
        expect(summary.failed).toEqual([]);
        return summary;
      };
      const core = () =>
        coreRecords({ coreUrl: fixture().core.url, token }, 'customers', SHOP_SOURCE_NAME, FIELDS);
      const watermark = () => {
        const db = new Database(storeUrl, { readonly: true });
        try {
          return db.prepare("SELECT value_json FROM onboard_watermarks WHERE stream = 'cust'").pluck().get();
        } finally {
          db.close();
        }
      };
      try {
        // Core's answer to the third customer batch (row 30, the second partition's first) waits for the writes.
        let sent = 0;
        proxy.answered = async (_index, method, url) => {
          if (method !== 'POST' || !url.startsWith('/v1/import/customers') || ++sent !== 3) return;
          writer.burst([
            { kind: 'update', pick: 0, phone: '555-0110' }, // row 10
            { kind: 'update', pick: 4, phone: '555-0150' }, // row 50
          ]);
          await writer.drain();
        };
        const raced = new NotesOnly();
        await run(false, raced);
        expect(sent, 'customer batches sent').toBe(6);
        expect([...writer.touched].sort(), 'rows the vendor application changed').toEqual(['10', '50']);
        const rows = await sourceCustomers(cursor.dialect, source.url);
        // The run read row 50 after its change and row 10 before it.
        const stale = [...(await core())]
          .filter(
            ([id, record]) => JSON.stringify(record.fields.phone) !== JSON.stringify(rows.get(id)?.phone),
          )
          .map(([id]) => id);
        expect(stale, 'rows core holds older than the source').toEqual(['10']);
        expect(raced.notes.filter((note) => note.includes(CHANGED))).toHaveLength(1);
        // The largest cursor value when the run was planned (row 60's), not row 50's 00:00:09.
        expect(watermark()).toMatch(/^"2026-03-01[ T]00:00:06/);

        const quiet = new NotesOnly();
        const summary = await run(true, quiet);
        expect(quiet.notes.filter((note) => note.includes(CHANGED))).toEqual([]);
        const customers = summary.entities.find((entity) => entity.entity === 'customers');
        // Read: exactly the two rows changed since the run was planned; row 10 updated at last.
        expect(customers).toMatchObject({ read: 2, created: 0, updated: 1, unchanged: 1, rejected: 0 });
        expectTenantEqualsSource(rows, await core(), writer.deleted, 'after the quiet incremental run');
        expect(watermark()).toMatch(/^"2026-03-01[ T]00:00:09/);
      } finally {
        await writer.close();
        await source.close();
        await proxy.close();
        await rm(dir, { recursive: true, force: true });
      }
    }, 60_000);
  },
);
