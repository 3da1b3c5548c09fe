import { describeEachDialect, type TestDatabase, useTestDatabase } from '@madeup/testkit';
import Database from 'better-sqlite3';
import pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/open-run-store.ts';
import type { PruneResult } from '../../src/store/prune-runs.ts';
import { runCli } from '../support/run-cli.ts';
import { createCustomerRun, customerBatch } from '../support/store-fixtures.ts';

/** Moves a run's end back to `finishedAt`, as if it had ended then. */
async function backdate(database: TestDatabase, runId: string, finishedAt: string): Promise<void> {
  const statement = 'update onboard_runs set finished_at = $1 where id = $2';
  if (database.dialect === 'sqlite') {
    const db = new Database(database.url.replace(/^sqlite:/, ''));
    try {
      db.prepare(statement.replace('$1', '?').replace('$2', '?')).run(finishedAt, runId);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(statement, [finishedAt, runId]);
  } finally {
    await client.end();
  }
}

describeEachDialect(
  'onboard prune',
  (target) => {
    const database = useTestDatabase(target, 'prunecli');
    const url = () => database().url;
    const listedRuns = async () => {
      const { code, out } = await runCli('runs', '--store', url(), '--json');
      expect(code).toBe(0);
      return (JSON.parse(out) as { id: string }[]).map((r) => r.id).sort();
    };

    beforeAll(async () => {
      const store = await openRunStore(url());
      try {
        for (const id of ['last-year', 'last-week', 'stuck']) {
          await createCustomerRun(store, id, { mirror: true }, 1);
          await store.recordBatch(customerBatch(id, 'customer#0', 0, ['a', 'b', 'c']));
          await store.setRunStatus(id, 'running');
        }
        await store.setRunStatus('last-year', 'succeeded');
        await store.setRunStatus('last-week', 'failed', 'boom');
      } finally {
        await store.close();
      }
      const day = 86_400_000;
      await backdate(database(), 'last-year', new Date(Date.now() - 365 * day).toISOString());
      await backdate(database(), 'last-week', new Date(Date.now() - 7 * day).toISOString());
    });

    it('refuses a bad duration, naming the flag and the value', async () => {
      for (const bad of ['30', '1x', 'd30', '-5d', '1.5h']) {
        const { code, err } = await runCli('prune', '--store', url(), '--older-than', bad);
        expect(code).toBe(2);
        expect(err).toContain(`onboard: --older-than: "${bad}" is not a duration`);
      }
      expect(await listedRuns()).toEqual(['last-week', 'last-year', 'stuck']);
    });

    it('reports with --dry-run what it would delete and deletes nothing', async () => {
      const { code, out } = await runCli(
        'prune',
        '--store',
        url(),
        '--older-than',
        '30d',
        '--dry-run',
        '--json',
      );
      expect(code).toBe(0);
      const result = JSON.parse(out) as PruneResult;
      expect(result.dryRun).toBe(true);
      expect(result.runs.map((r) => r.runId)).toEqual(['last-year']);
      expect(result.totals).toMatchObject({ onboard_runs: 1, onboard_seen_ids: 3, onboard_batches: 1 });
      expect(await listedRuns()).toEqual(['last-week', 'last-year', 'stuck']);

      const text = await runCli('prune', '--store', url(), '--older-than', '30d', '--dry-run');
      expect(text.out).toContain('dry run: 1 run(s) ended before');
      expect(text.out).toMatch(/rows would delete:\n[\s\S]*onboard_seen_ids\s+3\n/);
    });

    it('deletes the runs that ended longer ago than --older-than; `onboard runs` no longer lists them', async () => {
      const dry = JSON.parse(
        (await runCli('prune', '--store', url(), '--older-than', '30d', '--dry-run', '--json')).out,
      ) as PruneResult;
      const { code, out } = await runCli('prune', '--store', url(), '--older-than', '30d');
      expect(code).toBe(0);
      expect(out).toMatch(/^1 run\(s\) ended before \S+\n {2}last-year {2}succeeded {2}finished /);
      expect(out).toMatch(/rows deleted:\n[\s\S]*onboard_seen_ids\s+3\n[\s\S]*onboard_runs\s+1\n/);
      expect(await listedRuns()).toEqual(['last-week', 'stuck']);

      const week = await runCli('prune', '--store', url(), '--older-than', '24h', '--json');
      const result = JSON.parse(week.out) as PruneResult;
      expect(result.runs.map((r) => r.runId)).toEqual(['last-week']);
      expect(result.totals).toEqual({ ...dry.totals, onboard_runs: 1 });
      // `stuck` never ended (an interrupted run stays `running`, resumable): it is kept at any age.
      expect(await listedRuns()).toEqual(['stuck']);
    });
  },
  ['postgres', 'sqlite'],
);
