import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningCore } from '@madeup/core';
import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CustomQuery, StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import type { Row } from '../../src/connectors/value.ts';
import { runImport } from '../pipeline/pipeline-support.ts';
import { type CoreWorkspace, openCoreWorkspace } from '../support/core-workspace.ts';
import { readAll } from './conformance.ts';
import { execSql, insertRows } from './sql-exec.ts';

const ROWS = 3000;
/** Rows of `big` the queries keep: every one whose group is not 3. */
const KEPT = Array.from({ length: ROWS }, (_, i) => i + 1).filter((id) => id % 7 !== 3).length;

const QUERIES: Record<string, CustomQuery> = {
  // No key declared: the primary key of `big` is detected from the result's columns.
  kept: { name: 'kept', sql: 'SELECT id, grp, label FROM big WHERE grp <> 3' },
  // A join repeats `big`'s key: the detected key is checked, found not to hold, and not split on.
  joined: { name: 'joined', sql: 'SELECT b.id, t.tag FROM big b JOIN tags t ON t.big_id = b.id' },
  // A LIMIT may pick other rows each time the query runs: no key is detected, it is read in one go.
  limited: { name: 'limited', sql: 'SELECT id, label FROM big ORDER BY label LIMIT 2000' },
  // A declared key that repeats: read whole, with a warning.
  by_group: { name: 'by_group', sql: 'SELECT grp, label FROM big', primaryKey: ['grp'] },
};

/** Reads every partition of a query stream split at `target` rows: the partitions and the rows. */
async function readQuery(url: string, query: CustomQuery, target: number) {
  const warnings: string[] = [];
  const connector = openConnector({ url, queries: [query], onWarning: (m) => warnings.push(m) });
  try {
    const stream = (await connector.discover()).find((s) => s.name === query.name) as StreamInfo;
    const partitions = await connector.partition(stream, target);
    const rows: Row[] = [];
    for (const partition of partitions) rows.push(...(await readAll(connector, stream, partition, 97)));
    return { stream, partitions, rows, warnings };
  } finally {
    await connector.close();
  }
}

/** The rows as a sorted list of JSON texts: equal lists mean every row read exactly as often. */
const multiset = (rows: readonly Row[]) => rows.map((row) => JSON.stringify(row)).sort();

let core: RunningCore;
let dir: string;
let workspace: CoreWorkspace | undefined;
beforeAll(async () => {
  workspace = await openCoreWorkspace('onboard-query-parts-');
  ({ dir, core } = workspace);
});
afterAll(() => workspace?.close());

describeEachDialect('custom queries are partitioned like tables', (target) => {
  const database = useTestDatabase(target, 'qparts');
  beforeAll(async () => {
    const ids = Array.from({ length: ROWS }, (_, i) => i + 1);
    await execSql(database(), [
      'CREATE TABLE big (id INT PRIMARY KEY, grp INT NOT NULL, label VARCHAR(20))',
      'CREATE TABLE tags (id INT PRIMARY KEY, big_id INT NOT NULL, tag VARCHAR(10))',
      ...insertRows(
        'big',
        ids.map((id) => `(${id}, ${id % 7}, 'row ${id}')`),
      ),
      // Two tags for every tenth row of big, one for the others up to 1000.
      ...insertRows(
        'tags',
        ids
          .slice(0, 1000)
          .flatMap((id) =>
            id % 10 === 0 ? [`(${id}, ${id}, 'a')`, `(${id + 5000}, ${id}, 'b')`] : [`(${id}, ${id}, 'a')`],
          ),
      ),
      ...(target.name === 'postgres' ? ['ANALYZE big', 'ANALYZE tags'] : []),
      ...(target.name === 'mysql' ? ['ANALYZE TABLE big', 'ANALYZE TABLE tags'] : []),
    ]);
  });

  it('estimates a query’s rows, splits it on the detected key, and reads every row once', async () => {
    const query = QUERIES['kept'] as CustomQuery;
    const split = await readQuery(database().url, query, 400);
    const whole = await readQuery(database().url, query, 1_000_000);
    expect(split.stream.primaryKey).toEqual(['id']);
    // An estimate, not a count on PostgreSQL and MySQL: within a factor of two of the truth.
    expect(split.stream.estimatedRows).toBeGreaterThan(KEPT / 2);
    expect(split.stream.estimatedRows).toBeLessThan(KEPT * 2);
    expect(split.partitions.length).toBe(Math.ceil(KEPT / 400));
    expect(whole.partitions).toHaveLength(1);
    expect(split.rows).toHaveLength(KEPT);
    expect(new Set(split.rows.map((row) => row['id'])).size).toBe(KEPT);
    expect(multiset(split.rows)).toEqual(multiset(whole.rows));
  });

  it('does not split on a detected or declared key that repeats in the result, and reads every row', async () => {
    const joined = await readQuery(database().url, QUERIES['joined'] as CustomQuery, 100);
    expect(joined.rows).toHaveLength(1100);
    const whole = await readQuery(database().url, { ...(QUERIES['joined'] as CustomQuery) }, 1_000_000);
    expect(multiset(joined.rows)).toEqual(multiset(whole.rows));
    // MySQL marks both tables' key columns, and (id, tag) holds: split. The others find `id`, which repeats.
    if (joined.stream.primaryKey.length > 1) expect(joined.partitions.length).toBeGreaterThan(1);
    else expect(joined.partitions).toEqual([expect.objectContaining({ key: [], lower: null, upper: null })]);

    const limited = await readQuery(database().url, QUERIES['limited'] as CustomQuery, 100);
    expect(limited.stream.primaryKey).toEqual([]);
    expect(limited.partitions).toHaveLength(1);
    expect(new Set(limited.rows.map((row) => row['id'])).size).toBe(2000);

    const grouped = await readQuery(database().url, QUERIES['by_group'] as CustomQuery, 100);
    expect(grouped.partitions).toHaveLength(1);
    expect(grouped.rows).toHaveLength(ROWS);
    expect(grouped.warnings).toEqual([
      expect.stringMatching(/custom query "by_group": its key \(grp\) repeats or holds nulls/),
    ]);
  });

  it('runs a big custom query over several partitions, loading exactly what one partition loads', async () => {
    const mapping = join(dir, `${target.name}-mapping.yaml`);
    await writeFile(
      mapping,
      `source: qparts
entities:
  staff:
    query:
      name: kept
      sql: ${QUERIES['kept']?.sql}
    id: "{id}"
    fields:
      firstName: label
      lastName: {const: Row}
`,
    );
    // One task at a time for the reference run, or the planner splits it to keep three busy.
    const run = async (partitionRows: number, concurrency: number) => {
      const storeUrl = join(dir, `${target.name}-${partitionRows}.sqlite`);
      const summary = await runImport({
        mappingPath: mapping,
        sourceUrl: database().url,
        coreUrl: core.url,
        token: (await core.createTenant(`qp-${target.name}-${partitionRows}-${process.pid}`)).token,
        storeUrl,
        dryRun: false,
        partitionRows,
        concurrency,
      });
      const store = new Database(storeUrl, { readonly: true });
      const tasks = store.prepare('SELECT count(*) FROM onboard_tasks').pluck().get() as number;
      store.close();
      return { summary, tasks };
    };
    const split = await run(500, 3);
    const whole = await run(1_000_000, 1);
    expect(split.tasks).toBe(Math.ceil(KEPT / 500));
    expect(whole.tasks).toBe(1);
    for (const { summary } of [split, whole]) {
      expect(summary.status).toBe('succeeded');
      expect(summary.reconciliation).toEqual([expect.objectContaining({ status: 'match', loaded: KEPT })]);
    }
    const totals = (s: typeof split) =>
      s.summary.entities.map((e) => ({ read: e.read, created: e.created, checksum: e.checksum }));
    expect(totals(split)).toEqual(totals(whole));
    expect(totals(split)).toEqual([expect.objectContaining({ read: KEPT, created: KEPT })]);
  });
});
