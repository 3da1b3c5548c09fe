import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgres } from '../../src/storage/dialects/postgres/postgres-pool.ts';
import { refreshPostgresStatistics } from '../../src/storage/dialects/postgres/postgres-statistics.ts';
import type { Db } from '../../src/storage/dynamic-database.ts';

describeEachDialect(
  'planner statistics of growing tables',
  (target) => {
    const database = useTestDatabase(target, 'stats');
    let db: Db;
    beforeAll(async () => {
      db = openPostgres(database().url, { max: 2, idleMs: 1000 });
      await sql`CREATE TABLE grows (id serial PRIMARY KEY, source text NOT NULL)`.execute(db);
    });
    afterAll(async () => {
      await db?.destroy();
    });

    const insert = (n: number) =>
      sql`INSERT INTO grows (source) SELECT 'vendor' FROM generate_series(1, ${n})`.execute(db);
    const analyzedRows = async () => {
      const { rows } = await sql<{ n: number }>`
        SELECT reltuples::int AS n FROM pg_class WHERE oid = 'grows'::regclass`.execute(db);
      return rows[0]?.n;
    };

    it('analyzes the key columns after the first rows, then each time the rows written grew fourfold', async () => {
      const refresh = (n: number) => refreshPostgresStatistics(db, 'grows', ['source'], n);
      await insert(400);
      await refresh(400);
      expect(await analyzedRows()).toBeLessThanOrEqual(0); // never analyzed yet (-1, or 0)
      await insert(200);
      await refresh(200);
      expect(await analyzedRows()).toBe(600);
      const { rows } = await sql<{ attname: string }>`
        SELECT attname FROM pg_stats WHERE tablename = 'grows' ORDER BY attname`.execute(db);
      expect(rows.map((r) => r.attname)).toEqual(['source']);
      await insert(1700);
      await refresh(1700);
      expect(await analyzedRows()).toBe(600); // 2300 written: the next is at 2400
      await insert(100);
      await refresh(100);
      expect(await analyzedRows()).toBe(2400);
    });

    it('never fails an import: a table it cannot analyze is skipped', async () => {
      await expect(
        refreshPostgresStatistics(db, 'no_such_table', ['source'], 10_000),
      ).resolves.toBeUndefined();
    });
  },
  ['postgres'],
);
