import { describe, expect, it } from 'vitest';
import { COMPONENTS, planRound, rotationFrom, seedFrom } from './chaos-plan.ts';

describe('chaos plans', () => {
  it('kill every component of the rotation once per cycle, in an order the seed decides', () => {
    for (const seed of [0, 1, 2, 20261203, 0xffffffff]) {
      for (let cycle = 0; cycle < 4; cycle++) {
        const rounds = COMPONENTS.map((_, i) =>
          planRound(seed, cycle * COMPONENTS.length + i + 1, COMPONENTS, 107),
        );
        expect(new Set(rounds.map((r) => r.component))).toEqual(new Set(COMPONENTS));
      }
    }
    const orders = [1, 2, 3, 4, 5, 6].map((seed) =>
      [1, 2, 3, 4, 5].map((round) => planRound(seed, round, COMPONENTS, 107).component).join(),
    );
    expect(new Set(orders).size).toBeGreaterThan(1);
  });

  it('replay: the same seed and round give the same plan, whatever was planned before', () => {
    const first = planRound(42, 7, COMPONENTS, 107);
    for (let round = 1; round < 7; round++) planRound(42, round, COMPONENTS, 107);
    expect(planRound(42, 7, COMPONENTS, 107)).toEqual(first);
  });

  it('kill after 1 to 80% of a clean run’s batches, on BullMQ when the component needs it', () => {
    for (let round = 1; round <= 200; round++) {
      const plan = planRound(9, round, COMPONENTS, 107);
      expect(plan.afterBatches).toBeGreaterThanOrEqual(1);
      expect(plan.afterBatches).toBeLessThanOrEqual(85);
      if (plan.component === 'worker' || plan.component === 'redis') expect(plan.executor).toBe('bullmq');
    }
    expect(planRound(9, 1, COMPONENTS, 1).afterBatches).toBe(1);
  });

  it('read the rotation and the seed from the environment, refusing what they cannot be', () => {
    expect(rotationFrom('core, postgres')).toEqual(['core', 'postgres']);
    expect(rotationFrom(undefined).length).toBeGreaterThan(0);
    expect(() => rotationFrom('core,mysql')).toThrow('MADEUP_CHAOS_COMPONENTS: unknown component "mysql"');
    expect(seedFrom('123')).toBe(123);
    expect(() => seedFrom('abc')).toThrow('MADEUP_CHAOS_SEED: "abc" is not a non-negative integer');
    expect(Number.isSafeInteger(seedFrom(undefined))).toBe(true);
  });
});
