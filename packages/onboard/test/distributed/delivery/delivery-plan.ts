import { SeededRandom } from '../../chaos/seeded-random.ts';

/**
 * One way a task comes to be run twice:
 * - `pause`: a worker holding a task part-way is stopped (SIGSTOP) for longer than its lock lasts,
 *   so another worker takes the job over, then continued (SIGCONT) while the other still runs it;
 * - `duplicate`: a second job carrying the same task is added to the queue (under another job id),
 *   while the task runs or after it is done;
 * - `outage`: core's imports answer 503 for longer than the workers retry, so the running tasks fail
 *   after some of their batches were recorded and BullMQ tries them again.
 */
export type DeliveryFault =
  | {
      readonly kind: 'pause';
      readonly afterBatches: number;
      readonly pauseMs: number;
      /** Freeze the worker of the keyless task, once its checkpoint is at least `depth` (if it gets there). */
      readonly keyless: boolean;
      readonly depth: number;
    }
  | {
      readonly kind: 'duplicate';
      readonly afterBatches: number;
      readonly done: boolean;
      /** Which of the tasks running (or done) then, as a fraction of their list. */
      readonly pick: number;
    }
  | { readonly kind: 'outage'; readonly afterBatches: number };

/** A round's faults, in the order they are injected. */
export interface DeliveryPlan {
  readonly round: number;
  readonly faults: readonly DeliveryFault[];
}

/** A seed from the environment (decimal), or a fresh one to print. */
export function seedFrom(text: string | undefined): number {
  if (text === undefined || text === '') return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`MADEUP_DELIVERY_SEED must be an integer, got "${text}"`);
  return seed;
}

/**
 * Draws round `round`'s faults from `seed`: one or two, each at a moment given as the run's batches
 * recorded so far (1 to 70% of a clean run's `batches`). Every third round starts with a pause, so
 * a few default rounds always see a worker frozen past its lock.
 */
export function planRound(seed: number, round: number, batches: number, lockMs: number): DeliveryPlan {
  const random = new SeededRandom(seed * 7919 + round);
  const count = random.int(1, 2);
  const faults: DeliveryFault[] = [];
  for (let i = 0; i < count; i++) {
    const afterBatches = random.int(1, Math.max(1, Math.floor(batches * 0.7)));
    const kind =
      i === 0 && round % 3 === 1 ? 'pause' : random.pick(['pause', 'duplicate', 'outage'] as const);
    if (kind === 'pause')
      faults.push({
        kind,
        afterBatches,
        pauseMs: lockMs + random.int(300, 2500),
        keyless: random.next() < 0.5,
        depth: random.int(1, Math.max(1, Math.floor(batches * 0.45))),
      });
    else if (kind === 'duplicate')
      faults.push({ kind, afterBatches, done: random.next() < 0.5, pick: random.next() });
    else faults.push({ kind, afterBatches });
  }
  faults.sort((a, b) => a.afterBatches - b.afterBatches);
  return { round, faults };
}

/** One line naming a plan's faults, for the log and for a failure's message. */
export function describePlan(plan: DeliveryPlan): string {
  return plan.faults
    .map((f) => {
      const at = `after ${f.afterBatches} batches`;
      if (f.kind === 'pause')
        return `pause a worker ${f.pauseMs} ms${f.keyless ? ` (the keyless task past batch ${f.depth})` : ''} ${at}`;
      if (f.kind === 'duplicate') return `duplicate the job of a ${f.done ? 'done' : 'running'} task ${at}`;
      return `503 outage ${at}`;
    })
    .join(', then ');
}
