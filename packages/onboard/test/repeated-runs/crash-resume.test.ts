import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'vitest';
import { useE2eCore } from '../e2e/e2e-support.ts';
import { type FaultProxy, startFaultProxy } from '../pipeline/fault-proxy.ts';
import { CrashRun } from './crash-run.ts';
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

/** Sequences of the crash-and-resume property, kept as plain examples. */
describe('runs of the shop source killed and resumed', () => {
  const fixture = useE2eCore();
  const worlds: { world: ShopWorld; proxy: FaultProxy; dir: string }[] = [];
  afterEach(async () => {
    for (const { world, proxy, dir } of worlds.splice(0)) {
      world.close();
      await proxy.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
  const open = async () => {
    const { token } = await fixture().tenant('sqlite');
    const dir = await mkdtemp(join(tmpdir(), 'onboard-crash-'));
    const proxy = await startFaultProxy(fixture().core.url);
    const world = new ShopWorld(
      dir,
      { coreUrl: proxy.url, token },
      { spelling: 'space', partitionRows: 50_000, concurrency: 1 },
      proxy,
    );
    worlds.push({ world, proxy, dir });
    return { world, model: new ShopModel() };
  };

  it('moves no watermark when a mirror run is killed while it lists core records to mark deleted', async () => {
    const { world, model } = await open();
    applyChange(model, world, { kind: 'insert', entity: 'customers', values: ADA, cursor: 'next' });
    await new CrashRun('mirror', { target: 'records', nth: 0, moment: 'unsent', delayMs: 0 }, false).run(
      model,
      world,
    );
    await new RunOnboard('incremental').run(model, world);
  });
});
