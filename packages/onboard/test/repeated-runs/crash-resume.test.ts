import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useE2eCore } from '../e2e/e2e-support.ts';
import { type FaultProxy, startFaultProxy } from '../pipeline/fault-proxy.ts';
import { CrashRun } from './crash-run.ts';
import { ADA } from './example-rows.ts';
import { RunOnboard } from './run-onboard.ts';
import { cursorUnit, SQLITE_SECONDS_CURSOR } from './shop-cursor.ts';
import { ShopModel } from './shop-model.ts';
import { ShopWorld } from './shop-world.ts';
import { applyChange } from './source-changes.ts';

/** Sequences of the crash-and-resume property, kept as plain examples. */
describe('runs of the shop source killed and resumed', () => {
  const fixture = useE2eCore();
  const worlds: { world: ShopWorld; proxy: FaultProxy; dir: string }[] = [];
  afterEach(async () => {
    for (const { world, proxy, dir } of worlds.splice(0)) {
      await world.close();
      await proxy.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
  const open = async (batchRecords?: number) => {
    const { token } = await fixture().tenant('sqlite');
    const dir = await mkdtemp(join(tmpdir(), 'onboard-crash-'));
    const proxy = await startFaultProxy(fixture().core.url);
    const cursor = SQLITE_SECONDS_CURSOR;
    const world = await ShopWorld.create(
      dir,
      { coreUrl: proxy.url, token },
      {
        cursor,
        timezone: 'UTC',
        partitionRows: 50_000,
        concurrency: 1,
        ...(batchRecords ? { batchRecords } : {}),
      },
      proxy,
    );
    worlds.push({ world, proxy, dir });
    return { world, model: new ShopModel(cursorUnit(cursor)) };
  };

  it('moves no watermark when a mirror run is killed while it lists core records to mark deleted', async () => {
    const { world, model } = await open();
    await applyChange(model, world, { kind: 'insert', entity: 'customers', values: ADA, cursor: 'next' });
    const crash = new CrashRun('mirror', { target: 'records', nth: 0, moment: 'unsent', delayMs: 0 }, 'none');
    await crash.run(model, world);
    expect(crash.landed).toBe(true);
    await new RunOnboard('incremental').run(model, world);
  });

  it('resumes a run killed after core applied a batch it never saw answered, counting it created once', async () => {
    const { world, model } = await open(1);
    for (const first of ['Ada', 'Bob', 'Cy'])
      await applyChange(model, world, {
        kind: 'insert',
        entity: 'customers',
        values: { ...ADA, first },
        cursor: 'next',
      });
    const crash = new CrashRun(
      'full',
      { target: 'import', nth: 1, moment: 'unanswered', delayMs: 0 },
      'resume',
    );
    await crash.run(model, world);
    expect(crash.landed).toBe(true);
  });
});
