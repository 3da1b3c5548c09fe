import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithServer, MYSQL, POSTGRES } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { openRunContext } from '../../src/pipeline/open-run-context.ts';
import type { ProgressReporter } from '../../src/pipeline/progress-reporter.ts';
import { resumeRun } from '../../src/pipeline/resume-run.ts';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import { useE2eCore } from '../e2e/e2e-support.ts';
import { sourceCustomers } from '../live-source/source-customers.ts';
import { startFaultProxy } from '../pipeline/fault-proxy.ts';
import { runImport } from '../pipeline/pipeline-support.ts';
import { coreRecords } from './core-records.ts';
import {
  atSecond,
  type CursorColumn,
  MARIADB_SECONDS_CURSOR,
  POSTGRES_SECONDS_CURSOR,
  SQLITE_SECONDS_CURSOR,
  sixCustomers,
} from './shop-cursor.ts';
import { openShopDb } from './shop-db.ts';
import { SHOP_SOURCE_NAME, ShopSource, writeShopMapping } from './shop-source.ts';

const FIELDS = { fields: ['firstName', 'lastName', 'email', 'phone'], refs: [] };

/** Each technology's naive timestamp to the second, read in UTC (SQLite's is text). */
const CURSORS: readonly CursorColumn[] = [
  SQLITE_SECONDS_CURSOR,
  POSTGRES_SECONDS_CURSOR,
  MARIADB_SECONDS_CURSOR,
];
const SERVERS = { sqlite: undefined, postgres: POSTGRES, mysql: MYSQL } as const;

/** The notes a run shows, with their fields. */
function notesOf(): {
  reporter: ProgressReporter;
  notes: { message: string; fields: Record<string, unknown> }[];
} {
  const notes: { message: string; fields: Record<string, unknown> }[] = [];
  const reporter: ProgressReporter = {
    start: () => {},
    batch: () => {},
    note: (message, fields = {}) => void notes.push({ message, fields: { ...fields } }),
    finish: () => {},
  };
  return { reporter, notes };
}

/**
 * A row whose cursor is null (inserted without one, or set back to null) is read by every
 * incremental run: past no watermark, it was read by none, and core kept it stale until a full run
 * (docs/running.md, "A source in use during a run"). Six rows keyed 10…60 with cursors
 * 00:00:01…06 are loaded by a full run; then row 70 is inserted without a cursor, row 30 changed
 * with its cursor set to null and row 50 changed at 00:00:07. The next incremental run (partitions
 * of 2 rows) brings core level and says it read 2 rows without a cursor; the one after reads those
 * 2 again (and nothing else: the watermark ignores nulls), finds them unchanged and says so again,
 * even when it fails after the first of them and is resumed (one partition: the resumed task reads
 * on after its checkpoint, and counts each row once).
 */
for (const cursor of CURSORS)
  describeWithServer(
    `incremental runs of rows whose cursor is null [${cursor.dialect} source]`,
    SERVERS[cursor.dialect],
    () => {
      const fixture = useE2eCore();

      it('reads them in every incremental run, resumed or not, and says how many', async () => {
        const { token } = await fixture().tenant('sqlite');
        const dir = await mkdtemp(join(tmpdir(), 'onboard-null-cursor-'));
        const source = await ShopSource.create(dir, cursor, 0);
        const db = await openShopDb(cursor.dialect, source.url, '+00:00');
        const proxy = await startFaultProxy(fixture().core.url);
        const mapping = join(dir, 'shop.yaml');
        writeShopMapping(mapping);
        const config = {
          mappingPath: mapping,
          sourceUrl: source.url,
          coreUrl: proxy.url,
          token,
          storeUrl: join(dir, 'runs.sqlite'),
          dryRun: false,
          concurrency: 1,
          batchRecords: 1,
        };
        const run = async (incremental: boolean, partitionRows: number) => {
          const { reporter, notes } = notesOf();
          const summary = await runImport({ ...config, incremental, partitionRows }, reporter);
          return { summary, notes };
        };
        /** Ids of the source's rows core holds with another first name, or not at all. */
        const stale = async () => {
          const rows = await sourceCustomers(cursor.dialect, source.url);
          const core = await coreRecords(
            { coreUrl: fixture().core.url, token },
            'customers',
            SHOP_SOURCE_NAME,
            FIELDS,
          );
          return [...rows.keys()].filter(
            (id) => core.get(id)?.fields['firstName'] !== rows.get(id)?.firstName,
          );
        };
        const counts = (summary: RunSummary) =>
          summary.entities.map((t) => [t.entity, t.read, t.created, t.updated, t.unchanged]);
        const nullRows = (notes: { fields: Record<string, unknown> }[]) =>
          notes.flatMap((n) =>
            n.fields['nullCursorRows'] === undefined ? [] : [n.fields['nullCursorRows']],
          );
        try {
          for (const row of sixCustomers())
            await db.run('INSERT INTO cust VALUES (?, ?, ?, ?, NULL, ?)', row);
          const full = await run(false, 2);
          expect(full.summary.status).toBe('succeeded');
          expect(nullRows(full.notes)).toEqual([]);

          await db.run("INSERT INTO cust VALUES (70, 'no cursor', 'l', 'n@example.com', NULL, NULL)", []);
          await db.run(
            "UPDATE cust SET first_name = 'cursor cleared', changed_at = NULL WHERE cust_id = 30",
            [],
          );
          await db.run('UPDATE cust SET first_name = ?, changed_at = ? WHERE cust_id = 50', [
            'moved',
            atSecond(7),
          ]);
          const first = await run(true, 2);
          expect(first.summary.status).toBe('succeeded');
          expect(await stale(), 'after the incremental run').toEqual([]);
          expect(counts(first.summary)).toEqual([['customers', 3, 1, 2, 0]]);
          expect(nullRows(first.notes)).toEqual([{ customers: 2 }]);
          const said = first.notes.find((n) => n.fields['nullCursorRows'] !== undefined)?.message;
          expect(said).toMatch(/customers: 2 with changed_at null\): every incremental run reads them again/);
          expect(said).toContain(
            'a cursor over several columns such as `[updated_at, created_at]` avoids re-reading them',
          );

          // The next one fails on the second row it sends (row 70, after row 30 is recorded), and is resumed.
          let posts = 0;
          proxy.decide = (_index, method, url) =>
            method === 'POST' && url.startsWith('/v1/import/customers') && ++posts === 2
              ? { status: 503 }
              : undefined;
          const { reporter: failing } = notesOf();
          const failed = await runImport(
            {
              ...config,
              incremental: true,
              partitionRows: 100,
              retry: { budgetMs: 60_000, maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 5 },
            },
            failing,
          );
          expect(failed.status).toBe('failed');
          proxy.decide = () => undefined;
          const context = await openRunContext({ ...config, timezone: 'UTC', connections: 2 });
          const { reporter, notes } = notesOf();
          const resumed = await resumeRun(
            context,
            failed.runId,
            1,
            reporter,
            new AbortController().signal,
          ).finally(() => context.close());
          expect(resumed.status).toBe('succeeded');
          expect(counts(resumed), 'rows 30 and 70 only, each once').toEqual([['customers', 2, 0, 0, 2]]);
          expect(nullRows(notes)).toEqual([{ customers: 2 }]);
          expect(await stale()).toEqual([]);
        } finally {
          await db.close();
          await source.close();
          await proxy.close();
          await rm(dir, { recursive: true, force: true });
        }
      }, 60_000);
    },
  );
