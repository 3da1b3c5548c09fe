import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { RunningCore } from '@madeup/core';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../src/loader/retry-policy.ts';
import { openRunContext } from '../../src/pipeline/open-run-context.ts';
import { resumeRun } from '../../src/pipeline/resume-run.ts';
import { LineProgress } from '../../src/progress/line-progress.ts';
import { type CoreWorkspace, openCoreWorkspace } from '../support/core-workspace.ts';
import { entityCounts, MAPPING, runImport } from './pipeline-support.ts';

/**
 * Core commits every import batch, then loses its first answer: the catalog refuses to store the
 * idempotent response once per key (a SQLite trigger on core's catalog file), as when core dies or
 * its catalog database goes down between the tenant's commit and the answer. onboard retries the
 * batch under the same key, and must count what the commit did, as an undisturbed run does.
 */
describe('answers core lost after committing', () => {
  let dir: string;
  let core: RunningCore;
  let file: string;
  let tenants = 0;
  const tenant = async () => (await core.createTenant(`lost-${process.pid}-${tenants++}`)).token;
  const run = async (token: string, retry?: RetryPolicy) =>
    runImport({
      ...(retry === undefined ? {} : { retry }),
      mappingPath: MAPPING,
      sourceUrl: `sqlite:${file}`,
      coreUrl: core.url,
      token,
      storeUrl: join(dir, 'runs.sqlite'),
      dryRun: false,
      batchRecords: 50,
    });

  let workspace: CoreWorkspace | undefined;

  beforeAll(async () => {
    workspace = await openCoreWorkspace('onboard-lost-answers-', { rows: 300 });
    ({ dir, core, file } = workspace);
  });
  afterAll(() => workspace?.close());

  /** Loses core's first answer to every idempotency key while `body` runs; returns how many. */
  const losingAnswers = async <T>(body: () => Promise<T>): Promise<{ value: T; lost: number }> => {
    const catalog = new Database(core.config.catalogUrl);
    catalog.exec(`CREATE TABLE IF NOT EXISTS lost_answers (idem_key TEXT);
      CREATE TRIGGER lose_first_answer BEFORE UPDATE OF state ON idempotency_keys
      WHEN NEW.state = 'done' AND NEW.idem_key NOT IN (SELECT idem_key FROM lost_answers)
      BEGIN INSERT INTO lost_answers VALUES (NEW.idem_key); SELECT RAISE(FAIL, 'catalog lost'); END`);
    const before = (catalog.prepare('SELECT count(*) AS n FROM lost_answers').get() as { n: number }).n;
    try {
      const value = await body();
      const after = (catalog.prepare('SELECT count(*) AS n FROM lost_answers').get() as { n: number }).n;
      return { value, lost: after - before };
    } finally {
      catalog.exec('DROP TRIGGER lose_first_answer');
      catalog.close();
    }
  };

  it('are counted as the commit did: the counts equal a clean run’s', async () => {
    const clean = await run(await tenant());
    expect(clean.status).toBe('succeeded');
    const { value: lossy, lost } = await losingAnswers(async () => run(await tenant()));
    expect(lossy.status).toBe('succeeded');
    expect(lost).toBeGreaterThan(clean.entities.length);
    expect(entityCounts(lossy)).toEqual(entityCounts(clean));
    expect(lossy.entities.every((t) => t.unchanged === 0)).toBe(true);
    expect(lossy.reconciliation.every((r) => r.status === 'match')).toBe(true);
  });

  it('are counted as the commit did when the run failed on them and is resumed', async () => {
    const clean = await run(await tenant());
    const token = await tenant();
    // One attempt per request: the first lost answer fails its task, and the run.
    const { value: failed } = await losingAnswers(() =>
      run(token, { budgetMs: 60_000, maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 5 }),
    );
    expect(failed.status).toBe('failed');
    const context = await openRunContext({
      mappingPath: MAPPING,
      sourceUrl: `sqlite:${file}`,
      coreUrl: core.url,
      token,
      storeUrl: join(dir, 'runs.sqlite'),
      timezone: 'UTC',
      connections: 4,
    });
    const shown = new PassThrough();
    let said = '';
    shown.on('data', (chunk: Buffer) => (said += chunk.toString('utf8')));
    const resumed = await resumeRun(
      context,
      failed.runId,
      2,
      new LineProgress(shown, 60_000),
      new AbortController().signal,
    ).finally(() => context.close());
    expect(resumed.status).toBe('succeeded');
    // It says that it resumes, and from where (it said nothing of it).
    const [, done, tasks] =
      /resuming run \S+ \(failed\): (\d+) of (\d+) tasks done, \d+ rows recorded; the others continue after their last recorded batch\n/.exec(
        said,
      ) ?? [];
    expect(Number(done)).toBeLessThan(Number(tasks));
    expect(entityCounts(resumed)).toEqual(entityCounts(clean));
    expect(resumed.entities.every((t) => t.unchanged === 0)).toBe(true);
  });
});
