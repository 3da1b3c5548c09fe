import { describeEachDialect, fuzzOptions, fuzzTimeout, useTestDatabase } from '@madeup/testkit';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import type { Partition } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import type { Row, SourceValue } from '../../src/connectors/value.ts';
import { customQuery, partitionTable, storedRanks, tableSql } from './partition-tables.ts';
import { execSql } from './sql-exec.ts';

/** JSON there and back, as partitions are queued and checkpoints stored. */
const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const sorted = (tags: readonly number[]) => [...tags].sort((a, b) => a - b);

/**
 * Partitioned and resumed reads against the database's own answer: any table (keys of every type
 * on their edges, text in case- and accent-insensitive, PAD SPACE and locale collations, composite
 * keys, no key, NULLs, repeats), split into 1-8 partitions and read in batches of 1-3, gives each
 * stored row exactly once (the multiset of a bare `SELECT`, by each row's unique `tag`), in the
 * database's key order; and a read resumed after any row of a keyed partition (the key as the
 * executor's checkpoint stores it, through JSON) gives exactly the partition's rows after it.
 * `MADEUP_FUZZ_RUNS` for a long run, `MADEUP_FUZZ_SEED` to replay one.
 */
/** Cases per dialect by default: a PostgreSQL case costs about 0.7 s, MariaDB 0.05 s, SQLite 0.01 s. */
const RUNS = { postgres: 15, mysql: 40, sqlite: 100 } as const;

describeEachDialect('partitioned and resumed reads', (target) => {
  const database = useTestDatabase(target, 'parts');
  const runs = RUNS[target.name];
  let tables = 0;
  beforeAll(async () => {
    if (target.name === 'postgres')
      await execSql(database(), [
        "CREATE COLLATION onboard_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
      ]);
  });

  it(
    'reads every row once over any partitions, and exactly the rest after any resume point',
    async () => {
      const db = database();
      const property = fc.asyncProperty(
        partitionTable(target.name),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York'),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 1,
          maxLength: 3,
        }),
        async (table, partitionCount, batchSize, zone, cuts) => {
          const name = `parts_${tables++}`;
          await execSql(db, tableSql(target.name, name, table));
          const query = customQuery(name, table);
          const warnings: string[] = [];
          const connector = openConnector({
            url: db.url,
            timezone: zone,
            ...(query ? { queries: [query] } : {}),
            onWarning: (w) => warnings.push(w),
          });
          try {
            const ranks = await storedRanks(db, name, table);
            const streamName = query?.name ?? (target.name === 'postgres' ? `public.${name}` : name);
            const stream = (await connector.discover()).find((s) => s.name === streamName);
            if (stream === undefined) throw new Error(`discover did not find ${streamName}`);
            const targetRows = Math.max(1, Math.ceil(ranks.size / partitionCount));
            const partitions = viaJson(await connector.partition(stream, targetRows));
            const keyed = (partitions[0] as Partition).key.length > 0;
            const read: number[][] = [];
            for (const partition of partitions) {
              const rows: Row[] = [];
              for await (const batch of connector.read(stream, partition, { batchSize })) {
                expect(batch.length).toBeLessThanOrEqual(batchSize);
                rows.push(...batch);
              }
              read.push(rows.map((row) => row['tag'] as number));
              if (!keyed || rows.length === 0) continue;
              // Resumed after row `cut`: the rest of the partition, in order.
              for (const at of cuts) {
                const cut = Math.floor(at * rows.length);
                const after = viaJson(
                  partition.key.map((column) => (rows[cut] as Row)[column] ?? null),
                ) as SourceValue[];
                const rest: number[] = [];
                for await (const batch of connector.read(stream, partition, { batchSize, after })) {
                  rest.push(...batch.map((row) => row['tag'] as number));
                }
                expect(
                  rest,
                  `partition ${partition.index} resumed after row ${cut} (key ${JSON.stringify(after)})`,
                ).toEqual(read.at(-1)?.slice(cut + 1));
              }
            }
            const all = read.flat();
            expect(sorted(all), 'the rows read, each once').toEqual(sorted([...ranks.keys()]));
            if (keyed) {
              // Key order across partitions, and no two rows of a keyed read equal in the key.
              const order = all.map((tag) => ranks.get(tag) as number);
              for (let i = 1; i < order.length; i++)
                expect(
                  order[i],
                  `row ${i} (tag ${all[i]}) after tag ${all[i - 1]} in key order`,
                ).toBeGreaterThan(order[i - 1] as number);
              expect(partitions).toHaveLength(Math.max(1, Math.ceil(ranks.size / targetRows)));
              for (const rows of read.slice(0, -1)) expect(rows).toHaveLength(targetRows);
            } else {
              expect(partitions).toHaveLength(1);
            }
          } catch (error) {
            if (warnings.length > 0 && error instanceof Error)
              error.message += `\nwarnings: ${warnings.join('\n')}`;
            throw error;
          } finally {
            await connector.close();
            await execSql(db, [`DROP TABLE ${name}`]);
          }
        },
      );
      // A case that hangs is reported as such; one that is merely slow (a loaded machine) is not.
      await fc.assert(property, { ...fuzzOptions(runs), timeout: 60_000 });
    },
    fuzzTimeout(runs) * 3,
  );
});
