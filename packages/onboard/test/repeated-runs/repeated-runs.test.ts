import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useE2eCore } from '../e2e/e2e-support.ts';
import { RunOnboard } from './shop-commands.ts';
import { ShopModel } from './shop-model.ts';
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
  const open = async () => {
    const { token } = await fixture().tenant('sqlite');
    const dir = await mkdtemp(join(tmpdir(), 'onboard-repeated-'));
    const world = new ShopWorld(dir, { coreUrl: fixture().core.url, token }, { partitionRows: 50_000, concurrency: 1 });
    worlds.push({ world, dir });
    return { world, model: new ShopModel() };
  };

  it('reads nothing in an incremental run after a full run of an unchanged source', async () => {
    const { world, model } = await open();
    applyChange(model, world, { kind: 'insert', entity: 'customers', values: ADA, cursor: 'next' });
    applyChange(model, world, { kind: 'insert', entity: 'invoices', values: ADA, cursor: 'next' });
    await new RunOnboard('full').run(model, world);
    const summary = await world.run('incremental');
    expect(summary.entities.reduce((sum, t) => sum + t.read, 0)).toBe(0);
  });
});
