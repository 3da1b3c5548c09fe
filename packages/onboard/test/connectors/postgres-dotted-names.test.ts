import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { expect, it } from 'vitest';
import type { StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { readAll } from './conformance.ts';
import { execSql } from './sql-exec.ts';

/**
 * Two PostgreSQL tables whose schema and table names join to the same text through a dot,
 * `"a.b"."c"` and `"a"."b.c"`, are two streams with two names (a part holding a dot or a quote
 * is written quoted, docs/connectors.md), each reading its own rows and naming its own foreign
 * keys' targets; ordinary names stay `schema.table`.
 */
describeEachDialect(
  'PostgreSQL stream names of dotted schemas and tables',
  (target) => {
    const database = useTestDatabase(target, 'dotted');

    it('are unambiguous, and each reads its own table', async () => {
      const db = database();
      await execSql(db, [
        'CREATE SCHEMA "a.b"',
        'CREATE SCHEMA "a"',
        'CREATE SCHEMA "q""s"',
        'CREATE TABLE "a.b"."c" (id INTEGER PRIMARY KEY, v TEXT)',
        'CREATE TABLE "a"."b.c" (id INTEGER PRIMARY KEY, v TEXT)',
        'CREATE TABLE "q""s"."t" (id INTEGER PRIMARY KEY, v TEXT)',
        'CREATE TABLE public.plain (id INTEGER PRIMARY KEY, c_id INTEGER REFERENCES "a.b"."c" (id), bc_id INTEGER REFERENCES "a"."b.c" (id))',
        `INSERT INTO "a.b"."c" VALUES (1, 'schema a.b, table c')`,
        `INSERT INTO "a"."b.c" VALUES (1, 'schema a, table b.c')`,
        `INSERT INTO "q""s"."t" VALUES (1, 'schema q"s, table t')`,
        'INSERT INTO public.plain VALUES (7, 1, 1)',
      ]);
      const connector = openConnector({ url: db.url });
      try {
        const streams = await connector.discover();
        const names = streams.map((s) => s.name).sort();
        expect(names).toEqual(['"a.b".c', '"q""s".t', 'a."b.c"', 'public.plain']);
        const read = async (name: string) => {
          const stream = streams.find((s) => s.name === name) as StreamInfo;
          const rows = [];
          for (const partition of await connector.partition(stream, 10))
            rows.push(...(await readAll(connector, stream, partition, 10)));
          return rows;
        };
        expect(await read('"a.b".c')).toEqual([{ id: 1, v: 'schema a.b, table c' }]);
        expect(await read('a."b.c"')).toEqual([{ id: 1, v: 'schema a, table b.c' }]);
        expect(await read('"q""s".t')).toEqual([{ id: 1, v: 'schema q"s, table t' }]);
        const plain = streams.find((s) => s.name === 'public.plain');
        expect(
          [...(plain?.foreignKeys ?? [])].sort((x, y) => x.columns[0]!.localeCompare(y.columns[0]!)),
        ).toEqual([
          { columns: ['bc_id'], target: 'a."b.c"', references: ['id'] },
          { columns: ['c_id'], target: '"a.b".c', references: ['id'] },
        ]);
      } finally {
        await connector.close();
      }
    });
  },
  ['postgres'],
);
