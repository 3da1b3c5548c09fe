import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningCore, startCore } from '@madeup/core';
import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateNormalised, NORMALISED_MAPPING, type NormalisedSizes } from '../index.ts';
import { counts, runOnboard } from './run-onboard.ts';

const CUSTOMERS = 40;

describeEachDialect('normalised example, end to end', (target) => {
  const database = useTestDatabase(target, 'norm');
  let dir: string;
  let core: RunningCore;
  let token: string;
  let sizes: NormalisedSizes;
  const run = (...extra: string[]) =>
    runOnboard(
      [
        '--mapping',
        NORMALISED_MAPPING,
        '--source',
        database().url,
        '--core',
        core.url,
        '--store',
        join(dir, 'runs.sqlite'),
        '--partition-rows',
        '50',
        ...extra,
      ],
      token,
    );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'normalised-'));
    core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
    token = (await core.createTenant(`norm-${target.name}-${process.pid}`)).token;
    sizes = await generateNormalised({ target: database().url, customers: CUSTOMERS, seed: 5 });
  });
  afterAll(async () => {
    await core?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('a full run makes a record of every row, an order row both an invoice and its line', async () => {
    // Incremental from the start: with no watermark yet it reads everything, and sets them.
    const summary = await run('--incremental');
    expect(summary.status).toBe('succeeded');
    expect(counts(summary.entities)).toEqual({
      locations: [sizes.store, sizes.store, 0, 0, 0],
      staff: [sizes.staff, sizes.staff, 0, 0, 0],
      customers: [sizes.customer, sizes.customer, 0, 0, 0],
      products: [sizes.product, sizes.product, 0, 0, 0],
      invoices: [sizes.orders, sizes.orders, 0, 0, 0],
      invoiceLines: [sizes.orders, sizes.orders, 0, 0, 0],
    });
  }, 60_000);

  it('an unchanged rerun writes nothing: a full one finds every record unchanged, an incremental one reads nothing', async () => {
    const full = await run();
    for (const e of full.entities)
      expect([e.entity, e.created, e.updated, e.rejected]).toEqual([e.entity, 0, 0, 0]);
    const incremental = await run('--incremental');
    expect(incremental.entities.reduce((sum, e) => sum + e.read, 0)).toBe(0);
  }, 60_000);
});
