import { describeEachDialect, fuzzOptions, fuzzTimeout, useTestDatabase } from '@madeup/testkit';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import type { Connector, StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import type { Row } from '../../src/connectors/value.ts';
import { readAll } from './conformance.ts';
import { execSql } from './sql-exec.ts';
import { type NamedRow, type NamedSchema, namedRows, namedSchema } from './sql-names.ts';
import { createSql, dropSql, streamName, tableSql } from './sql-names-seed.ts';

/** The rows as a sorted list of JSON texts: equal lists mean every row read exactly as often. */
const multiset = (rows: readonly Row[]) => rows.map((row) => JSON.stringify(row)).sort();

/** A parent row as onboard reads it: integers as numbers, bigints as decimal text. */
function expectedRow(schema: NamedSchema, row: NamedRow): Row {
  return Object.fromEntries(schema.columns.map((c, i) => [c.name, row[i] ?? null])) as Row;
}

/** Every row of every partition of `stream`, split at `target` rows. */
async function readPartitioned(connector: Connector, stream: StreamInfo, target: number, batch: number) {
  const rows: Row[] = [];
  for (const partition of await connector.partition(stream, target))
    rows.push(...(await readAll(connector, stream, partition, batch)));
  return rows;
}

/**
 * Schemas named with hostile but legal identifiers (quotes, comment and placeholder marks, reserved
 * words, unicode up to astral and combining marks, names differing only in case, the dialect's
 * longest names) are discovered and read exactly: the streams and columns with their types, keys and
 * foreign keys; every row once through partitions, of the table and of a custom query over it; the
 * rows past a cursor and those whose cursor is null; and nothing a name says is ever run (the canary table `t` survives).
 */
describeEachDialect('hostile SQL identifiers', (target) => {
  const dialect = target.name;
  const database = useTestDatabase(target, 'names');
  const canary = dialect === 'postgres' ? 'public.t' : 't';

  beforeAll(async () => {
    await execSql(database(), ['CREATE TABLE t (id INTEGER PRIMARY KEY)', 'INSERT INTO t VALUES (1)']);
  });

  it(
    'discovers and reads a schema of any legal names exactly',
    async () => {
      const db = database();
      const cases = namedSchema(dialect).chain((schema) =>
        fc.record({
          schema: fc.constant(schema),
          rows: namedRows(schema),
          target: fc.integer({ min: 1, max: 8 }),
          batch: fc.integer({ min: 1, max: 7 }),
          cursorValue: fc.integer({ min: -21, max: 21 }),
        }),
      );
      const property = fc.asyncProperty(
        cases,
        async ({ schema, rows, target: targetRows, batch, cursorValue }) => {
          const parentName = streamName(dialect, schema.schema, schema.parent);
          const childName = streamName(dialect, schema.childSchema, schema.child);
          fc.pre(parentName !== canary && childName !== canary);
          const warnings: string[] = [];
          const connector = openConnector({
            url: db.url,
            queries: [{ name: 'q', sql: `SELECT * FROM ${tableSql(dialect, schema.schema, schema.parent)}` }],
            onWarning: (w) => warnings.push(w),
          });
          try {
            await execSql(db, createSql(dialect, schema, rows));
            const streams = await connector.discover();
            expect(streams.map((s) => s.name).sort()).toEqual([parentName, childName, canary, 'q'].sort());
            const byName = (name: string) => streams.find((s) => s.name === name) as StreamInfo;
            const parent = byName(parentName);
            const child = byName(childName);
            const query = byName('q');
            const columns = schema.columns.map((c) => ({ name: c.name, type: c.type }));
            expect(parent.columns.map((c) => ({ name: c.name, type: c.type }))).toEqual(columns);
            expect(parent.primaryKey).toEqual(schema.key);
            expect(parent.foreignKeys).toBeUndefined();
            expect(child.columns.map((c) => ({ name: c.name, type: c.type }))).toEqual(
              schema.childColumns.map((c) => ({ name: c.name, type: c.type })),
            );
            expect(child.primaryKey).toEqual([]);
            expect(child.foreignKeys).toEqual([
              { columns: schema.foreignKey, target: parentName, references: schema.key },
            ]);
            expect(query.columns.map((c) => c.name)).toEqual(schema.columns.map((c) => c.name));
            expect([...query.primaryKey].sort()).toEqual([...schema.key].sort());

            const expected = multiset(rows.map((row) => expectedRow(schema, row)));
            expect(multiset(await readPartitioned(connector, parent, targetRows, batch))).toEqual(expected);
            expect(multiset(await readPartitioned(connector, query, targetRows, batch))).toEqual(expected);

            const cursorIndex = schema.columns.findIndex((c) => c.name === schema.cursor);
            const [whole] = await connector.partition(parent, 1_000_000);
            const past: Row[] = [];
            for await (const rowsRead of connector.read(parent, whole!, {
              batchSize: batch,
              cursor: { column: schema.cursor, value: cursorValue },
            }))
              past.push(...rowsRead);
            expect(multiset(past)).toEqual(
              multiset(
                rows
                  // Past the value, or null: a null cursor is past no watermark, so every incremental read reads it.
                  .filter((row) => row[cursorIndex] === null || (row[cursorIndex] as number) > cursorValue)
                  .map((row) => expectedRow(schema, row)),
              ),
            );
            expect(warnings).toEqual([]);
          } finally {
            await connector.close();
            await execSql(db, dropSql(dialect, schema));
          }
          expect(await execSql(db, ['SELECT count(*) FROM t'])).toEqual([[[expect.anything()]]]);
        },
      );
      await fc.assert(property, fuzzOptions(10));
    },
    fuzzTimeout(10) * 3,
  );
});
