import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type RunningCore, startCore } from '@madeup/core';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunContext } from '../../src/pipeline/open-run-context.ts';
import { createRun } from '../../src/pipeline/start-run.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { BIN, generateVendorX, MAPPING } from './pipeline-support.ts';

const quiet = { logLevel: 'error' as const, logDestination: { write: () => {} } };

/**
 * A run planned against a core that takes 8 MiB requests, resumed against the same core restarted
 * with a 64 KiB limit: the batch holding one 70 KiB product (its `attributes`) is refused whole (413). Before, the
 * task failed on it at every resume; now the record is isolated and rejected, and the run ends.
 */
describe('a poison record found when a run is resumed', () => {
  let dir: string;
  let core: RunningCore | undefined;
  let file: string;
  let store: string;
  let token: string;
  let poisonId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-poison-resume-'));
    file = join(dir, 'vendor-x.sqlite');
    store = join(dir, 'runs.sqlite');
    await generateVendorX(file, 300);
    const db = new Database(file);
    const row = db.prepare('SELECT item_id FROM item ORDER BY item_id LIMIT 1 OFFSET 2').get() as {
      item_id: number;
    };
    poisonId = String(row.item_id);
    const attrs = JSON.stringify({ blob: 'x'.repeat(70 * 1024) });
    db.prepare('UPDATE item SET attrs = ? WHERE item_id = ?').run(attrs, row.item_id);
    db.close();
  });
  afterAll(async () => {
    await core?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('rejects the record with core’s reason, loads the rest, and the resume succeeds', async () => {
    core = await startCore({ dataDir: join(dir, 'core'), ...quiet });
    token = (await core.createTenant(`poison-${process.pid}`)).token;
    const config = {
      mappingPath: MAPPING,
      sourceUrl: `sqlite:${file}`,
      coreUrl: core.url,
      token,
      storeUrl: store,
      dryRun: false,
      concurrency: 2,
      partitionRows: 1000,
      timezone: 'UTC',
    };
    const context = await openRunContext({ ...config, connections: 2 });
    const runId = await createRun(context, config).finally(() => context.close());
    await core.close();
    core = await startCore({ dataDir: join(dir, 'core'), maxBatchBytes: 64 * 1024, ...quiet });

    const csv = join(dir, 'rejected.csv');
    const resume = await promisify(execFile)(
      process.execPath,
      [BIN, 'resume', runId, '--store', store, '--core', core.url, '--json'],
      { env: { ...process.env, ONBOARD_TOKEN: token } },
    ).catch((error: { stdout: string; stderr: string; code: number }) => error);
    expect(resume.stdout + resume.stderr).toContain('"status":"succeeded"');
    await promisify(execFile)(process.execPath, [
      BIN,
      'report',
      runId,
      '--store',
      store,
      '--rejected-csv',
      csv,
    ]);

    const kept = await openRunStore(store);
    try {
      expect((await kept.getRun(runId))?.status).toBe('succeeded');
      const rejected = (await kept.rejections(runId)).filter(
        (r) => r.entity === 'products' && r.externalId === poisonId,
      );
      expect(rejected).toHaveLength(1);
      expect(rejected[0]?.stage).toBe('core');
      expect(rejected[0]?.errors[0]?.code).toBe('payload_too_large');
      const products = (await kept.entityTotals(runId)).find((t) => t.entity === 'products');
      expect(products?.rejected).toBeGreaterThanOrEqual(1);
      expect(products?.created).toBeGreaterThan(0);
      expect(products?.read).toBe(
        (products?.created ?? 0) + (products?.rejected ?? 0) + (products?.skipped ?? 0),
      );
      const invoiceLines = (await kept.entityTotals(runId)).find((t) => t.entity === 'invoiceLines');
      expect(invoiceLines?.created).toBeGreaterThan(0);
    } finally {
      await kept.close();
    }
    expect(await readFile(csv, 'utf8')).toContain('payload_too_large');
  }, 120_000);
});
