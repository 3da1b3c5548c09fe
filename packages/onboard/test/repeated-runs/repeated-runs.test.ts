import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useE2eCore } from '../e2e/e2e-support.ts';
import { RunOnboard } from './run-onboard.ts';
import { ShopModel } from './shop-model.ts';
import type { CursorSpelling } from './shop-rows.ts';
import { ShopWorld } from './shop-world.ts';
import { applyChange, type RowValues } from './source-changes.ts';

const ADA: RowValues = {
  first: 'Ada',
  last: 'Ng',
  email: 'ada@example.com',
  phone: null,
  customerPick: 0,
  issuedDay: 1,
  cents: 1250,
  padded: true,
  status: 'open',
};

/** Sequences of the repeated-runs property, kept as plain examples. */
describe('repeated runs of the shop source', () => {
  const fixture = useE2eCore();
  const worlds: { world: ShopWorld; dir: string }[] = [];
  afterEach(async () => {
    for (const { world, dir } of worlds.splice(0)) {
      world.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
  const open = async (spelling: CursorSpelling) => {
    const { token } = await fixture().tenant('sqlite');
    const dir = await mkdtemp(join(tmpdir(), 'onboard-repeated-'));
    const world = new ShopWorld(
      dir,
      { coreUrl: fixture().core.url, token },
      { spelling, partitionRows: 50_000, concurrency: 1 },
    );
    worlds.push({ world, dir });
    return { world, model: new ShopModel() };
  };

  // Before SQLite cursors were compared on the values read, a source writing `2026-03-01T00:00:02`
  // had every row of the watermark's day read again (text: 'T' sorts after ' ').
  it.each<CursorSpelling>(['space', 'iso', 'zulu'])(
    'reads nothing in an incremental run after a full run of an unchanged source (cursor spelled %s)',
    async (spelling) => {
      const { world, model } = await open(spelling);
      applyChange(model, world, { kind: 'insert', entity: 'customers', values: ADA, cursor: 'next' });
      applyChange(model, world, { kind: 'insert', entity: 'invoices', values: ADA, cursor: 'next' });
      await new RunOnboard('full').run(model, world);
      const summary = await world.run('incremental');
      expect(summary.entities.reduce((sum, t) => sum + t.read, 0)).toBe(0);
    },
  );
});
