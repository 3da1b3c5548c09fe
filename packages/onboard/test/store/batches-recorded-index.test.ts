import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect, it } from 'vitest';
import { openRunStore } from '../../src/store/open-run-store.ts';

/** `RunStore.lastBatchAt`'s query: once per process that worked a run, on every `status` and console refresh. */
const LAST_BATCH =
  'SELECT max(recorded_at) AS last FROM onboard_batches WHERE run_id = $1 AND recorded_at < $2';

/**
 * A run's last batch before an instant is found through an index on (run_id, recorded_at): without
 * one, each of the run's starts scanned all its batches (32 worker starts over 200,000 batches:
 * `status` took 2.5 s of CPU, 0.25 s with the index), and the console's run page asks every second.
 */
describeEachDialect(
  'the run store finds a run last batch before an instant through an index',
  (target) => {
    const database = useTestDatabase(target, 'recorded_idx');

    it('plans the query on (run_id, recorded_at)', async () => {
      const { url } = database();
      const store = await openRunStore(url);
      await store.close();
      if (target.name === 'sqlite') {
        const db = new Database(url.slice('sqlite:'.length), { readonly: true });
        try {
          const plan = db
            .prepare(`EXPLAIN QUERY PLAN ${LAST_BATCH.replace('$1', '?').replace('$2', '?')}`)
            .all('r', '2026-01-01T00:00:00.000Z')
            .map((step) => (step as { detail: string }).detail)
            .join('; ');
          expect(plan).toMatch(/USING (COVERING )?INDEX \w+ \(run_id=\? AND recorded_at<\?\)/);
        } finally {
          db.close();
        }
      } else {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query('SET enable_seqscan = off');
          const { rows } = await client.query(`EXPLAIN ${LAST_BATCH}`, ['r', '2026-01-01T00:00:00.000Z']);
          const plan = rows.map((row: Record<string, string>) => Object.values(row)[0]).join('\n');
          expect(plan).toMatch(/Index Cond: .*recorded_at/);
        } finally {
          await client.end();
        }
      }
    });
  },
  ['sqlite', 'postgres'],
);
