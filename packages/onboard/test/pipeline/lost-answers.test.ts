import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningCore, startCore } from '@madeup/core';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateVendorX, MAPPING, runImport } from './pipeline-support.ts';

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
  const run = async (token: string) =>
    runImport({
      mappingPath: MAPPING,
      sourceUrl: `sqlite:${file}`,
      coreUrl: core.url,
      token,
      storeUrl: join(dir, 'runs.sqlite'),
      dryRun: false,
      batchRecords: 50,
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-lost-answers-'));
    core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
    file = join(dir, 'vendor-x.sqlite');
    await generateVendorX(file, 300);
  });
  afterAll(async () => {
    await core?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('are counted as the commit did: the counts equal a clean run’s', async () => {
    const clean = await run(await tenant());
    expect(clean.status).toBe('succeeded');

    const catalog = new Database(core.config.catalogUrl);
    catalog.exec(`CREATE TABLE lost_answers (idem_key TEXT);
      CREATE TRIGGER lose_first_answer BEFORE UPDATE OF state ON idempotency_keys
      WHEN NEW.state = 'done' AND NEW.idem_key NOT IN (SELECT idem_key FROM lost_answers)
      BEGIN INSERT INTO lost_answers VALUES (NEW.idem_key); SELECT RAISE(FAIL, 'catalog lost'); END`);
    let lossy: Awaited<ReturnType<typeof run>>;
    let lost: number;
    try {
      lossy = await run(await tenant());
    } finally {
      lost = (catalog.prepare('SELECT count(*) AS n FROM lost_answers').get() as { n: number }).n;
      catalog.exec('DROP TRIGGER lose_first_answer');
      catalog.close();
    }
    expect(lossy.status).toBe('succeeded');
    const batches = clean.entities.length;
    expect(lost).toBeGreaterThan(batches);
    const counts = (summary: typeof clean) =>
      summary.entities.map((t) => [
        t.entity,
        t.read,
        t.created,
        t.updated,
        t.unchanged,
        t.rejected,
        t.checksum,
      ]);
    expect(counts(lossy)).toEqual(counts(clean));
    expect(lossy.entities.every((t) => t.unchanged === 0)).toBe(true);
    expect(lossy.reconciliation.every((r) => r.status === 'match')).toBe(true);
  });
});
