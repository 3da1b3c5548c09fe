import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TenantDialect } from '@madeup/contract';
import { describeWithServer, fuzzOptions, POSTGRES } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { useE2eCore } from '../e2e/e2e-support.ts';
import { RunOnboard } from './run-onboard.ts';
import { shopCommands } from './shop-commands.ts';
import { cursorUnit } from './shop-cursor.ts';
import { ShopModel } from './shop-model.ts';
import { runShapes, ShopWorld, zoneOffset } from './shop-world.ts';

/** Sequences per property in `npm test`; `MADEUP_FUZZ_RUNS` for a long run. */
const RUNS = 5;
/** A sequence holds up to this many changes and runs, each run a few hundred ms. */
const COMMANDS = 30;

/** A case takes a few seconds: a budget of 10 s per case on top of the usual. */
const timeout = (runs: number) => 60_000 + fuzzOptions(runs).numRuns * 10_000;

describe('repeated runs of one source into one tenant', () => {
  const fixture = useE2eCore();

  /**
   * Full, incremental, mirror and dry runs, interleaved with inserts, updates (with and without a
   * new cursor value), deletes, re-inserts, and rows made invalid and fixed again: after each run,
   * its counts, what a mirror run deleted, the reconciliation and core's records (soft-deleted ones
   * too) equal what the model predicts; a last mirror run brings core level with the source, and
   * an incremental run after it reads nothing (every watermark holds the source's largest cursor).
   */
  const property = (dialect: TenantDialect, runs: number) =>
    fc.assert(
      fc.asyncProperty(runShapes(), shopCommands(COMMANDS), async (shape, commands) => {
        const { token } = await fixture().tenant(dialect);
        const dir = await mkdtemp(join(tmpdir(), 'onboard-repeated-'));
        try {
          const world = await ShopWorld.create(dir, { coreUrl: fixture().core.url, token }, shape);
          const model = new ShopModel(cursorUnit(shape.cursor), zoneOffset(shape));
          try {
            await fc.asyncModelRun(() => ({ model, real: world }), commands);
            await new RunOnboard('mirror').run(model, world);
            await new RunOnboard('incremental').run(model, world);
          } finally {
            await world.close();
          }
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      fuzzOptions(runs),
    );

  it('keep core equal to the model, tenant on SQLite', () => property('sqlite', RUNS), timeout(RUNS));

  describeWithServer('tenant on PostgreSQL', POSTGRES, () => {
    it('keep core equal to the model', () => property('postgres', 1), timeout(1));
  });
});
