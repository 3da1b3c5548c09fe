import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithServer, MYSQL } from '@madeup/testkit';
import mysql from 'mysql2/promise';
import { expect, it } from 'vitest';
import { useE2eCore } from '../e2e/e2e-support.ts';
import { startFaultProxy } from '../pipeline/fault-proxy.ts';
import { runImport } from '../pipeline/pipeline-support.ts';
import { coreRecords } from '../repeated-runs/core-records.ts';
import { atSecond, MARIADB_SECONDS_CURSOR, sixCustomers } from '../repeated-runs/shop-cursor.ts';
import { SHOP_SOURCE_NAME, ShopSource, writeShopMapping } from '../repeated-runs/shop-source.ts';
import { sourceCustomers } from './source-customers.ts';

const FIELDS = { fields: ['firstName', 'lastName', 'email', 'phone'], refs: [] };

/**
 * docs/running.md, "A source in use during a run", what cannot hold: each case is a change no
 * incremental run reads (the documented limit, so a change of it shows here and in the docs
 * together), and a full run then brings core level. Six rows keyed 10…60 with cursors 00:00:01…06,
 * read in partitions of 2 rows one after the other, a batch per row; `during(n)` runs when core
 * has answered the run's n-th customer batch (after planning, partitions before it read already).
 */
describeWithServer('what an incremental run cannot read [MariaDB source]', MYSQL, () => {
  const fixture = useE2eCore();

  const world = async () => {
    const { token } = await fixture().tenant('sqlite');
    const dir = await mkdtemp(join(tmpdir(), 'onboard-cannot-hold-'));
    const source = await ShopSource.create(dir, MARIADB_SECONDS_CURSOR, 0);
    const db = await mysql.createConnection({ uri: source.url });
    for (const row of sixCustomers()) await db.query('INSERT INTO cust VALUES (?, ?, ?, ?, NULL, ?)', row);
    const proxy = await startFaultProxy(fixture().core.url);
    const mapping = join(dir, 'shop.yaml');
    writeShopMapping(mapping);
    const run = async (incremental: boolean, during?: { batch: number; write: () => Promise<unknown> }) => {
      let sent = 0;
      proxy.answered = async (_index, method, url) => {
        if (method === 'POST' && url.startsWith('/v1/import/customers') && ++sent === during?.batch)
          await during.write();
      };
      const summary = await runImport({
        mappingPath: mapping,
        sourceUrl: source.url,
        coreUrl: proxy.url,
        token,
        storeUrl: join(dir, 'runs.sqlite'),
        dryRun: false,
        incremental,
        concurrency: 1,
        partitionRows: 2,
        batchRecords: 1,
      });
      expect(summary.failed).toEqual([]);
      if (during !== undefined)
        expect(sent, 'the change was made during the run').toBeGreaterThanOrEqual(during.batch);
    };
    /** Ids of the source's rows core holds with another first name, or not at all. */
    const stale = async () => {
      const rows = await sourceCustomers('mysql', source.url);
      const core = await coreRecords(
        { coreUrl: fixture().core.url, token },
        'customers',
        SHOP_SOURCE_NAME,
        FIELDS,
      );
      return [...rows.keys()].filter((id) => core.get(id)?.fields['firstName'] !== rows.get(id)?.firstName);
    };
    /** The quiet incremental run leaves `lost` stale; a full run brings core level. */
    const expectOnlyAFullRunReads = async (lost: string[]) => {
      await run(true);
      expect(await stale(), 'after the quiet incremental run').toEqual(lost);
      await run(false);
      expect(await stale(), 'after a full run').toEqual([]);
    };
    const close = async () => {
      await db.end();
      await source.close();
      await proxy.close();
      await rm(dir, { recursive: true, force: true });
    };
    return { db, url: source.url, run, stale, expectOnlyAFullRunReads, close };
  };

  it('an update that does not move the cursor', async () => {
    const w = await world();
    try {
      await w.run(false);
      await w.db.query("UPDATE cust SET first_name = 'changed' WHERE cust_id = 10");
      await w.expectOnlyAFullRunReads(['10']);
    } finally {
      await w.close();
    }
  });

  it('a long transaction that commits after the run was planned, with a value older than the largest then', async () => {
    const w = await world();
    const long = await mysql.createConnection({ uri: w.url });
    try {
      await w.run(false);
      // Row 15 takes its cursor (00:00:07) as its transaction starts; row 20 commits 00:00:08 first.
      await long.query('BEGIN');
      await long.query("INSERT INTO cust VALUES (15, 'long', 'l', 'l@example.com', NULL, ?)", [atSecond(7)]);
      await w.db.query("UPDATE cust SET first_name = 'quick', changed_at = ? WHERE cust_id = 20", [
        atSecond(8),
      ]);
      // The incremental run is planned (largest value 00:00:08), reads row 20, then row 15 commits.
      await w.run(true, { batch: 1, write: () => long.query('COMMIT') });
      await w.expectOnlyAFullRunReads(['15']);
    } finally {
      await long.end();
      await w.close();
    }
  });

  it('a row written after the run was planned within the second of the largest value then', async () => {
    const w = await world();
    try {
      // Once the first partition is read: row 11, in its key range, at 00:00:06 (the largest value).
      await w.run(false, {
        batch: 3,
        write: () =>
          w.db.query("INSERT INTO cust VALUES (11, 'same second', 'l', 's@example.com', NULL, ?)", [
            atSecond(6),
          ]),
      });
      await w.expectOnlyAFullRunReads(['11']);
    } finally {
      await w.close();
    }
  });
});
