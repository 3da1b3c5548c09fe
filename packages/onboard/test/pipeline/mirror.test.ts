import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { RecordPage, RecordView, SourceStats } from '@madeup/contract';
import type { RunningCore } from '@madeup/core';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromFlags } from '../../src/cli/config-from-flags.ts';
import { openRunContext } from '../../src/pipeline/open-run-context.ts';
import { PipelineError } from '../../src/pipeline/pipeline-errors.ts';
import { resumeRun } from '../../src/pipeline/resume-run.ts';
import { runMode } from '../../src/pipeline/run-mode.ts';
import { storedSummary } from '../../src/pipeline/stored-summary.ts';
import { deletionLines } from '../../src/progress/deletion-lines.ts';
import { LineProgress } from '../../src/progress/line-progress.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { type CoreWorkspace, openCoreWorkspace } from '../support/core-workspace.ts';
import { MAPPING, runImport } from './pipeline-support.ts';

const SOURCE = 'vendor-x';

describe('onboard run --mirror against a real core', () => {
  let dir: string;
  let core: RunningCore;
  let file: string;
  let token: string;

  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(new URL(path, core.url), { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  const count = async (entity: string) =>
    (await get<SourceStats>(`/v1/stats?source=${SOURCE}`)).entities.find((e) => e.entity === entity)?.count;
  const record = (entity: string, id: string) => get<RecordView>(`/v1/records/${entity}/${SOURCE}/${id}`);
  const run = (mirror: boolean) =>
    runImport({
      mappingPath: MAPPING,
      sourceUrl: `sqlite:${file}`,
      coreUrl: core.url,
      token,
      storeUrl: join(dir, 'runs.sqlite'),
      dryRun: false,
      mirror,
    });

  let workspace: CoreWorkspace | undefined;

  beforeAll(async () => {
    workspace = await openCoreWorkspace('onboard-mirror-', { rows: 300 });
    ({ dir, core, file } = workspace);
    token = (await core.createTenant(`mirror-${process.pid}-${Date.now() % 100000}`)).token;
  });
  afterAll(() => workspace?.close());

  it('marks exactly the vanished records deleted, keeps rejected ones, and then deletes nothing more', async () => {
    const first = await run(false);
    expect(first.status).toBe('succeeded');
    expect(first.mirror).toBeUndefined();
    const payments = (await get<RecordPage>(`/v1/records/payments?source=${SOURCE}&limit=10`)).items;
    const customers = (await get<RecordPage>(`/v1/records/customers?source=${SOURCE}&limit=50`)).items;
    const vanished = payments.slice(0, 3).map((p) => p.externalId);
    // A customer no duplicate was merged into: breaking a survivor's e-mail would split its group.
    const merged = new Set(first.merges?.flatMap((m) => m.groups.map((g) => g.survivor)));
    const invalid = customers.find((c) => !merged.has(c.externalId))?.externalId ?? '';
    expect(vanished).toHaveLength(3);
    const beforePayments = await count('payments');
    const beforeCustomers = await count('customers');

    const db = new Database(file);
    try {
      const drop = db.prepare('DELETE FROM pmt WHERE pmt_id = ?');
      for (const id of vanished) expect(drop.run(Number(id)).changes).toBe(1);
      const bad = db
        .prepare("UPDATE client SET email = 'not-an-email' WHERE client_id = ?")
        .run(Number(invalid));
      expect(bad.changes).toBe(1);
    } finally {
      db.close();
    }

    const second = await run(true);
    expect(second.status).toBe('succeeded');
    const store = await openRunStore(join(dir, 'runs.sqlite'));
    try {
      const rejected = await store.rejections(second.runId);
      expect(rejected.some((r) => r.entity === 'customers' && r.externalId === invalid)).toBe(true);
      // The report says what the mirror run deleted, from the run store alone.
      const report = await storedSummary(store, second.runId);
      expect(report.deletions).toEqual([{ entity: 'payments', count: 3, externalIds: [...vanished].sort() }]);
      expect(report.mirror?.find((m) => m.entity === 'payments')?.deleted).toBe(3);
      expect(deletionLines(report)).toContain(
        `mirror: payments: 3 deleted: ${[...vanished].sort().join(', ')}`,
      );
      const stored = await store.getRun(second.runId);
      expect(stored === undefined ? undefined : runMode(stored)).toBe('mirror');
      expect(await store.mirror.deletions(first.runId)).toEqual([]);
    } finally {
      await store.close();
    }
    const deleted = Object.fromEntries((second.mirror ?? []).map((m) => [m.entity, m.deleted]));
    expect(second.mirror?.map((m) => m.entity)[0]).toBe('payments');
    expect(second.mirror?.map((m) => m.entity).at(-1)).not.toBe('payments');
    expect(deleted['payments']).toBe(3);
    for (const [entity, n] of Object.entries(deleted)) if (entity !== 'payments') expect(n).toBe(0);
    expect(await count('payments')).toBe((beforePayments ?? 0) - 3);
    expect(await count('customers')).toBe(beforeCustomers);
    for (const id of vanished) expect((await record('payments', id)).deletedAt).toBeTruthy();
    expect((await record('payments', payments[3]?.externalId ?? '')).deletedAt ?? null).toBeNull();
    expect((await record('customers', invalid)).deletedAt ?? null).toBeNull();
    const reconciled = second.reconciliation.find((r) => r.entity === 'payments');
    expect(reconciled?.coreCount).toBe((beforePayments ?? 0) - 3);
    expect(reconciled?.status).toBe('match');

    const third = await run(true);
    expect(third.status).toBe('succeeded');
    expect(third.mirror?.length).toBe(second.mirror?.length);
    for (const m of third.mirror ?? []) expect(m.deleted).toBe(0);
    expect(await count('payments')).toBe((beforePayments ?? 0) - 3);
  });

  it('refuses --mirror with --dry-run or --incremental', () => {
    const flags = {
      mapping: MAPPING,
      source: `sqlite:${file}`,
      core: 'http://127.0.0.1:1',
      token: 't',
      store: join(dir, 'runs.sqlite'),
      timezone: 'UTC',
      concurrency: '2',
      partitionRows: '100',
    };
    expect(() => configFromFlags(flags, true, false, true)).toThrow(PipelineError);
    expect(() => configFromFlags(flags, true, false, true)).toThrow(
      /--mirror cannot be combined with --dry-run/,
    );
    expect(() => configFromFlags(flags, false, true, true)).toThrow(
      /--mirror cannot be combined with --incremental/,
    );
    expect(configFromFlags(flags, false, false, true).mirror).toBe(true);
  });
  it('keeps a mirror run whose deletions failed resumable; the resume finishes them, counted once', async () => {
    const own = (await core.createTenant(`mirror-resume-${process.pid}`)).token;
    const store = join(dir, 'runs-resumable.sqlite');
    const config = {
      mappingPath: MAPPING,
      sourceUrl: `sqlite:${file}`,
      coreUrl: core.url,
      token: own,
      storeUrl: store,
      dryRun: false,
    };
    expect((await runImport(config)).status).toBe('succeeded');
    const db = new Database(file);
    const gone = db.prepare('SELECT pmt_id FROM pmt ORDER BY pmt_id DESC LIMIT 2').all() as {
      pmt_id: number;
    }[];
    for (const { pmt_id } of gone) db.prepare('DELETE FROM pmt WHERE pmt_id = ?').run(pmt_id);
    db.close();
    // Core's catalog refuses every delete request (their keys are not onboard's import keys).
    const catalog = new Database(core.config.catalogUrl);
    catalog.exec(`CREATE TRIGGER refuse_deletes BEFORE INSERT ON idempotency_keys
      WHEN NEW.idem_key NOT LIKE 'onb-%' BEGIN SELECT RAISE(ABORT, 'catalog lost'); END`);
    try {
      await expect(
        runImport({ ...config, mirror: true, retry: { budgetMs: 1000, baseDelayMs: 10, maxDelayMs: 100 } }),
      ).rejects.toThrow(/marking vanished records deleted failed .*onboard resume/);
    } finally {
      catalog.exec('DROP TRIGGER refuse_deletes');
      catalog.close();
    }
    const kept = await openRunStore(store);
    try {
      const [failed] = await kept.listRuns(1);
      expect(failed?.status).toBe('failed');
      const context = await openRunContext({ ...config, timezone: 'UTC', connections: 2 });
      const resumed = await resumeRun(
        context,
        failed?.id ?? '',
        2,
        new LineProgress(new PassThrough(), 60_000),
        new AbortController().signal,
      ).finally(() => context.close());
      expect(resumed.status).toBe('succeeded');
      expect(resumed.mirror?.find((m) => m.entity === 'payments')?.deleted).toBe(2);
      const report = await storedSummary(kept, failed?.id ?? '');
      expect(report.deletions).toEqual([
        { entity: 'payments', count: 2, externalIds: gone.map((g) => String(g.pmt_id)).sort() },
      ]);
    } finally {
      await kept.close();
    }
  });
});
