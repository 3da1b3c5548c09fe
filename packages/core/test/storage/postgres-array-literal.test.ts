import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postgresArrayLiteral } from '../../src/storage/dialects/postgres/postgres-array-literal.ts';
import { openPostgres } from '../../src/storage/dialects/postgres/postgres-pool.ts';
import type { Db } from '../../src/storage/dynamic-database.ts';

describeEachDialect(
  'array literals',
  (target) => {
    const database = useTestDatabase(target, 'textarray');
    let db: Db;
    beforeAll(() => {
      db = openPostgres(database().url, { max: 1, idleMs: 1000 });
    });
    afterAll(async () => {
      await db?.destroy();
    });

    it('carries every string to the server unchanged, in order', async () => {
      const values = [
        'plain',
        '',
        'NULL',
        'with "quotes"',
        'back\\slash\\',
        '{braces},commas',
        '  spaces  ',
        "it's",
        'naïve 東京 😀',
        'tab\tnew\nline',
      ];
      const { rows } = await sql<{ v: string }>`
        SELECT unnest(${postgresArrayLiteral(values)}::text[]) AS v`.execute(db);
      expect(rows.map((r) => r.v)).toEqual(values);
    });

    it('carries numbers, booleans and nulls as the array type reads them', async () => {
      const { rows } = await sql<{ n: string | null; b: boolean | null; d: string | null }>`
        SELECT n::text AS n, b, d::text AS d
          FROM unnest(${postgresArrayLiteral([1, null, 9007199254740993n])}::bigint[],
                      ${postgresArrayLiteral([true, false, null])}::boolean[],
                      ${postgresArrayLiteral(['12.5000', '-0.0001', null])}::numeric[]) AS t(n, b, d)`.execute(
        db,
      );
      expect(rows).toEqual([
        { n: '1', b: true, d: '12.5000' },
        { n: null, b: false, d: '-0.0001' },
        { n: '9007199254740993', b: null, d: null },
      ]);
    });

    it('gives an empty array for no strings', async () => {
      const { rows } = await sql<{ n: number }>`
        SELECT cardinality(${postgresArrayLiteral([])}::text[]) AS n`.execute(db);
      expect(rows[0]?.n).toBe(0);
    });
  },
  ['postgres'],
);
