import { ProblemError } from './errors/problem-error.ts';

/** Seconds a client is told to wait after a 429 or 503 from the limiter. */
const RETRY_AFTER_SECONDS = 1;

/**
 * Bounds the request bodies this process holds at once (being received, parsed or handled): in
 * all (beyond it 503 `server_busy`) and per token owner (beyond it 429 `rate_limited`), so the
 * memory bodies take stays below `max × MADEUP_MAX_BATCH_BYTES` (plus their parsed form).
 */
export class BodyLimiter {
  readonly #max: number;
  readonly #maxPerOwner: number;
  readonly #perOwner = new Map<string, number>();
  #total = 0;

  constructor(max: number, maxPerOwner: number) {
    this.#max = max;
    this.#maxPerOwner = maxPerOwner;
  }

  /** Takes a slot for `owner`, or throws 429/503; call the returned function once to free it. */
  acquire(owner: string): () => void {
    const held = this.#perOwner.get(owner) ?? 0;
    if (held >= this.#maxPerOwner)
      throw new ProblemError(
        'rate_limited',
        `at most ${this.#maxPerOwner} request bodies at once per token owner`,
        {
          retryAfter: RETRY_AFTER_SECONDS,
        },
      );
    if (this.#total >= this.#max)
      throw new ProblemError('server_busy', `at most ${this.#max} request bodies at once on this process`, {
        retryAfter: RETRY_AFTER_SECONDS,
      });
    this.#perOwner.set(owner, held + 1);
    this.#total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#total--;
      const left = (this.#perOwner.get(owner) ?? 1) - 1;
      if (left === 0) this.#perOwner.delete(owner);
      else this.#perOwner.set(owner, left);
    };
  }

  /** Bodies held now (for tests and metrics). */
  get inFlight(): number {
    return this.#total;
  }
}
