import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import Database from 'better-sqlite3';
import { type Dialect, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import { runStatus } from '../../src/cli/commands/status.ts';
import { runDetail } from '../../src/console/run-live.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { RunStore } from '../../src/store/run-store.ts';
import { migrationProvider } from '../../src/store/store-migrations.ts';
import { createCustomerRun, customerBatch } from '../support/store-fixtures.ts';

/**
 * A run store of the version before run starts and null-cursor counts were kept (migrations up to
 * 0008), holding a run interrupted mid-way: opened by this version (0009 and 0010 applied), its
 * status and run page answer, and the run goes on (a task started, a batch recorded) with its null
 * cursor rows counted from then on. The old rows are written as that version wrote them, in SQL of
 * its columns only.
 */
describeEachDialect(
  'a run store written before 0009_run_starts and 0010_null_cursor_rows',
  (target) => {
    const database = useTestDatabase(target, 'upgrade0010');

    const dialect = (): Dialect => {
      const { url } = database();
      return url.startsWith('sqlite:')
        ? new SqliteDialect({ database: new Database(url.slice('sqlite:'.length)) })
        : new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) });
    };

    beforeAll(async () => {
      // biome-ignore lint/suspicious/noExplicitAny: the schema of an older version, not StoreDatabase
      const db = new Kysely<any>({ dialect: dialect() });
      try {
        const all = await migrationProvider.getMigrations();
        const old = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0009'));
        const { error } = await new Migrator({
          db,
          provider: { getMigrations: async () => old },
          migrationTableName: 'onboard_migration',
          migrationLockTableName: 'onboard_migration_lock',
        }).migrateToLatest();
        expect(error).toBeUndefined();
        // createRun and addTasks write the columns 0008 has; the rest is the old version's SQL.
        await createCustomerRun(new RunStore(db), 'old-run', {}, 2);
        await db
          .updateTable('onboard_runs')
          .set({ status: 'running', started_at: '2026-01-01T10:00:00.000Z' })
          .where('id', '=', 'old-run')
          .execute();
        const batch = (seq: number) => ({
          run_id: 'old-run',
          task_id: 'customer#0',
          seq,
          entity: 'customer',
          rows_read: 100,
          skipped: 0,
          created: 100,
          updated: 0,
          unchanged: 0,
          rejected: 0,
          checksum_count: 0,
          checksum: '0000000000000000',
          duration_ms: 1,
          recorded_at: `2026-01-01T10:00:${String(seq * 10).padStart(2, '0')}.000Z`,
          cursor_max: null,
        });
        await db
          .insertInto('onboard_batches')
          .values([batch(1), batch(2)])
          .execute();
        await db
          .updateTable('onboard_tasks')
          .set({ status: 'running', attempts: 1, checkpoint_seq: 2, checkpoint_after: '[2]' })
          .where('run_id', '=', 'old-run')
          .where('task_id', '=', 'customer#0')
          .execute();
      } finally {
        await db.destroy();
      }
    });

    it('status and the run page answer; the run goes on, counting null cursors from then on', async () => {
      const store = await openRunStore(database().url, 'existing');
      try {
        // Interrupted (nobody holds it): running from its start to its last batch, 20 s, 200 rows.
        const before = await runStatus(store, 'old-run', Date.parse('2026-01-01T11:00:00.000Z'));
        expect([before.status, before.runningSeconds, before.stoppedSeconds]).toEqual(['running', 20, 0]);
        expect(before.rowsPerSecond).toBe(10);
        expect((await runDetail(store, 'old-run'))?.rowsPerSecond).toBe(10);
        expect(await store.nullCursorRows('old-run')).toEqual(new Map());
        expect(await store.runStarts('old-run')).toEqual([]);

        // Resumed by this version: its start is recorded, its batch's null cursor rows counted.
        await store.setRunStatus('old-run', 'running');
        await store.startTask('old-run', 'customer#1');
        expect(await store.runStarts('old-run')).toHaveLength(1);
        await store.recordBatch({
          ...customerBatch('old-run', 'customer#1', 1, ['a', 'b', 'c']),
          nullCursorRows: 2,
        });
        expect(await store.nullCursorRows('old-run')).toEqual(new Map([['customer', 2]]));
        const after = await runStatus(store, 'old-run');
        expect(after.entities).toEqual([{ entity: 'customer', read: 203, estimated: null }]);
        // The hour and more between the old batches and this resume is left out.
        expect(after.stoppedSeconds).toBeGreaterThan(3600);
      } finally {
        await store.close();
      }
    });
  },
  ['sqlite', 'postgres'],
);
