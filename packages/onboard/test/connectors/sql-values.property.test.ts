import { describeEachDialect, fuzzOptions, fuzzTimeout, useTestDatabase } from '@madeup/testkit';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { openConnector } from '../../src/connectors/registry.ts';
import type { Row } from '../../src/connectors/value.ts';
import { valueRows, ZONES } from './sql-values.ts';
import { expectedRow } from './sql-values-expected.ts';
import { dropTable, seedValues, sqliteStoredDecimals, VALUE_TYPES } from './sql-values-seed.ts';

/**
 * Hostile values of every column type round-trip through each SQL connector as onboard reads them
 * (discover, partition into several ranges, read every range in small batches): each value is the
 * value model's reading of what was inserted (docs/connectors.md), with no warning, and every row
 * comes exactly once, in key order. One table per case, many rows each. `MADEUP_FUZZ_RUNS` for a
 * long run, `MADEUP_FUZZ_SEED` to replay one.
 */
describeEachDialect('SQL value round trip', (target) => {
  const database = useTestDatabase(target, 'values');
  let tables = 0;

  it(
    'reads every value as documented, each row once, in key order',
    async () => {
      const db = database();
      const property = fc.asyncProperty(
        valueRows(target.name),
        fc.constantFrom(...ZONES),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 9 }),
        async (rows, zone, targetRows, batchSize) => {
          const table = `vals_${tables++}`;
          await seedValues(db, table, rows);
          const warnings: string[] = [];
          const connector = openConnector({
            url: db.url,
            timezone: zone,
            onWarning: (w) => warnings.push(w),
          });
          try {
            const streams = await connector.discover();
            const name = target.name === 'postgres' ? `public.${table}` : table;
            const stream = streams.find((s) => s.name === name);
            if (stream === undefined) throw new Error(`discover did not find ${name}`);
            expect(Object.fromEntries(stream.columns.map((c) => [c.name, c.type]))).toEqual(VALUE_TYPES);
            expect(stream.primaryKey).toEqual(['id']);
            const read: Row[] = [];
            for (const partition of await connector.partition(stream, targetRows)) {
              const got: Row[] = [];
              for await (const batch of connector.read(stream, partition, { batchSize })) {
                expect(batch.length).toBeLessThanOrEqual(batchSize);
                got.push(...batch);
              }
              const keys = got.map((r) => BigInt(r['id'] as string));
              expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
              read.push(...got);
            }
            const stored = target.name === 'sqlite' ? sqliteStoredDecimals(db, table) : undefined;
            const expected = [...rows]
              .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
              .map((row) => expectedRow(row, target.name, zone, stored?.get(String(row.id))));
            expect(read).toHaveLength(expected.length);
            for (const [i, row] of expected.entries()) expect(read[i]).toEqual(row);
            expect(warnings).toEqual([]);
          } finally {
            await connector.close();
            await dropTable(db, table);
          }
        },
      );
      await fc.assert(property, fuzzOptions(20));
    },
    fuzzTimeout(20) * 3,
  );
});
