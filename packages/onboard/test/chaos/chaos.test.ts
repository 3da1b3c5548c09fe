import { describeWithServer, POSTGRES } from '@madeup/testkit';
import { beforeAll, expect, it } from 'vitest';
import { LEFT_OUT, planRound, rotationFrom, seedFrom } from './chaos-plan.ts';
import { chaosRound, cleanRun } from './chaos-round.ts';
import { useChaosWorld } from './chaos-world.ts';
import { type EndState, violations } from './invariants.ts';
import { heal } from './kill-component.ts';

/**
 * Repeated Vendor X imports, each with one component SIGKILLed at a random moment (onboard, core, a
 * BullMQ worker, Redis, or the tenant database server), then the documented recovery. Every round
 * must end exactly where an uninterrupted run ends. Replay: `MADEUP_CHAOS_SEED=<printed seed>`.
 *
 * - `MADEUP_CHAOS_ROUNDS` (default 5), `MADEUP_CHAOS_ROWS` (default 50000),
 * - `MADEUP_CHAOS_COMPONENTS=onboard,core,...` (default: the green rotation in chaos-plan.ts).
 */
const ROWS = Number(process.env['MADEUP_CHAOS_ROWS'] ?? 50_000);
const ROUNDS = Number(process.env['MADEUP_CHAOS_ROUNDS'] ?? 5);
const SEED = seedFrom(process.env['MADEUP_CHAOS_SEED']);
const ROTATION = rotationFrom(process.env['MADEUP_CHAOS_COMPONENTS']);

const say = (line: string) => process.stderr.write(`chaos seed=${SEED}: ${line}\n`);

describeWithServer('chaos: a random component SIGKILLed mid-run, then restart and resume', POSTGRES, () => {
  const world = useChaosWorld(ROWS);
  let clean: { batches: number; state: EndState } | undefined;

  beforeAll(async () => {
    const token = await world().core.createTenant('chaos-clean');
    const started = Date.now();
    clean = await cleanRun(world(), token, 'in-process');
    const took = ((Date.now() - started) / 1000).toFixed(1);
    const left = Object.entries(LEFT_OUT).filter(([c]) => !(ROTATION as readonly string[]).includes(c));
    for (const [component, why] of left) say(`not killed by default: ${component} (${why})`);
    say(
      `${ROWS} rows, ${ROUNDS} rounds over [${ROTATION.join(', ')}]; the clean run committed ${clean.batches} batches in ${took} s (replay: MADEUP_CHAOS_SEED=${SEED})`,
    );
  }, 600_000);

  it('the clean run is exact: succeeded, every entity reconciled, no reference pending', () => {
    expect(clean?.state.status).toBe('succeeded');
    expect(Object.values(clean?.state.reconciliation ?? {}).every((v) => v === 'match')).toBe(true);
    expect(clean?.state.pending).toBe(0);
    expect(Object.values(clean?.state.report ?? {}).reduce((n, c) => n + c.read, 0)).toBe(ROWS);
  });

  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: ends where the clean run ends`, async () => {
      if (clean === undefined) throw new Error('no clean run to compare with');
      await heal(world());
      const plan = planRound(SEED, round, ROTATION, clean.batches);
      const where = `round ${round}: kill ${plan.component} (${plan.executor}) after ${plan.afterBatches} committed batches`;
      say(where);
      const token = await world().core.createTenant(`chaos-r${round}-${SEED.toString(36)}`);
      const started = Date.now();
      const outcome = await chaosRound(world(), plan, token);
      const found = [
        ...outcome.collateral.map((c) => `collateral: ${c}`),
        ...(outcome.state === undefined ? [] : violations(outcome.state, clean.state)),
      ];
      say(
        `${where}: killed at ${outcome.killedAt}, first exit ${outcome.firstExit}, resume ${
          outcome.resumeExit === undefined ? 'not needed' : `exit ${outcome.resumeExit}`
        }, ${((Date.now() - started) / 1000).toFixed(1)} s -> ${found.length === 0 ? 'exact' : `${found.length} violation(s)`}`,
      );
      for (const line of found) say(`round ${round}: ${line}`);
      expect(found.join('\n'), `${where} (MADEUP_CHAOS_SEED=${SEED}, run ${outcome.runId})`).toBe('');
    }, 900_000);
  }
});
