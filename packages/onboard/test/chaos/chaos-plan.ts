import { SeededRandom } from './seeded-random.ts';

/** What a round can SIGKILL. */
export type Component = 'onboard' | 'core' | 'worker' | 'redis' | 'postgres';

export const COMPONENTS: readonly Component[] = ['onboard', 'core', 'worker', 'redis', 'postgres'];

/**
 * The components `npm test` kills: those whose rounds are green. A component comes in here only
 * once every invariant holds after its kill; `MADEUP_CHAOS_COMPONENTS=a,b` runs any list instead.
 */
export const DEFAULT_ROTATION: readonly Component[] = ['onboard', 'core', 'worker', 'redis', 'postgres'];

/**
 * Components left out of the default rotation, each with the invariant it breaks, until it is
 * green; printed at the start of every run. None today.
 */
export const LEFT_OUT: Readonly<Partial<Record<Component, string>>> = {};

export type Executor = 'in-process' | 'bullmq';

/** One round, all drawn from the seed: replaying the seed replays the round. */
export interface RoundPlan {
  /** 1-based. */
  readonly round: number;
  readonly component: Component;
  /** Where the run's tasks execute (a worker or Redis kill needs BullMQ). */
  readonly executor: Executor;
  /** The kill comes once the run store holds at least this many committed batches of the run. */
  readonly afterBatches: number;
  /** Which running worker to kill, when the component is `worker` (modulo the busy ones). */
  readonly workerPick: number;
}

/** The rotation from `MADEUP_CHAOS_COMPONENTS`, or the default; refuses unknown names. */
export function rotationFrom(text: string | undefined): readonly Component[] {
  if (text === undefined || text.trim() === '') return DEFAULT_ROTATION;
  const names = text.split(',').map((s) => s.trim());
  for (const name of names)
    if (!(COMPONENTS as readonly string[]).includes(name))
      throw new Error(
        `MADEUP_CHAOS_COMPONENTS: unknown component "${name}" (known: ${COMPONENTS.join(', ')})`,
      );
  return names as Component[];
}

/**
 * The plan of round `round` (1-based). Rounds come in cycles of the rotation's length; each cycle
 * kills every component of the rotation once, in a seeded order, so 5 rounds cover 5 components.
 * The moment is a number of committed batches between 1 and 80% of a clean run's.
 */
export function planRound(
  seed: number,
  round: number,
  rotation: readonly Component[],
  cleanBatches: number,
): RoundPlan {
  const cycle = Math.floor((round - 1) / rotation.length);
  const order = [...rotation];
  const shuffle = new SeededRandom(seed ^ Math.imul(cycle + 1, 0x9e3779b1));
  for (let i = order.length - 1; i > 0; i--) {
    const j = shuffle.int(0, i);
    [order[i], order[j]] = [order[j] as Component, order[i] as Component];
  }
  const component = order[(round - 1) % rotation.length] as Component;
  const random = new SeededRandom(seed ^ Math.imul(round, 0x85ebca6b));
  const executor: Executor =
    component === 'worker' || component === 'redis' ? 'bullmq' : random.pick(['in-process', 'bullmq']);
  return {
    round,
    component,
    executor,
    afterBatches: random.int(1, Math.max(1, Math.floor(cleanBatches * 0.8))),
    workerPick: random.int(0, 1000),
  };
}

/** The seed from `MADEUP_CHAOS_SEED`, or a fresh one. */
export function seedFrom(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return Math.floor(Math.random() * 0x1_0000_0000);
  const seed = Number(text);
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new Error(`MADEUP_CHAOS_SEED: "${text}" is not a non-negative integer`);
  return seed;
}
