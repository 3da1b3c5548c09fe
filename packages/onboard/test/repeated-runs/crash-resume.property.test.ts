import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzOptions } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { useE2eCore } from '../e2e/e2e-support.ts';
import { startFaultProxy } from '../pipeline/fault-proxy.ts';
import { RunOnboard } from './run-onboard.ts';
import { crashCommands } from './shop-commands.ts';
import { cursorUnit } from './shop-cursor.ts';
import { ShopModel } from './shop-model.ts';
import { runShapes, ShopWorld, zoneOffset } from './shop-world.ts';

/** Sequences in `npm test`; `MADEUP_FUZZ_RUNS` for a long run. */
const RUNS = 2;
/** A sequence holds up to this many commands; a killed run and its resume are two child processes (~1 s each). */
const COMMANDS = 8;

/** A case takes up to about 20 s on a loaded machine: a budget of 30 s per case on top of the usual. */
const timeout = (runs: number) => 60_000 + fuzzOptions(runs).numRuns * 30_000;

describe('runs of one source into one tenant, killed and resumed', () => {
  const fixture = useE2eCore();

  /**
   * The repeated-runs property with crashes: besides changes and runs, runs of every kind started
   * as `onboard run` child processes and SIGKILLed after a random number of recorded batches and a
   * random delay, then resumed with `onboard resume RUN` or left as they are while changes and other
   * runs follow. After a kill each record is as before the run or as after it; a resumed run ends
   * as the run would have uninterrupted; every later run is predicted from what core then holds and
   * from watermarks no killed run moved. A last mirror run brings core level with the source.
   */
  it(
    'keep core equal to the model, tenant on SQLite',
    () =>
      fc.assert(
        fc.asyncProperty(runShapes(['sqlite']), crashCommands(COMMANDS), async (shape, [first, commands]) => {
          const { token } = await fixture().tenant('sqlite');
          const dir = await mkdtemp(join(tmpdir(), 'onboard-crash-'));
          const proxy = await startFaultProxy(fixture().core.url);
          const world = await ShopWorld.create(dir, { coreUrl: proxy.url, token }, shape, proxy);
          const model = new ShopModel(cursorUnit(shape.cursor), zoneOffset(shape));
          try {
            await first.run(model, world);
            await fc.asyncModelRun(() => ({ model, real: world }), commands);
            await new RunOnboard('mirror').run(model, world);
          } finally {
            await world.close();
            await proxy.close();
            await rm(dir, { recursive: true, force: true });
          }
        }),
        fuzzOptions(RUNS),
      ),
    timeout(RUNS),
  );
});
