import { ProblemError } from './errors/problem-error.ts';

/** Seconds a client is told to wait after a 429. */
const RETRY_AFTER_SECONDS = 1;

/** Caps the imports one tenant runs at once on this process; the excess gets 429 + Retry-After. */
export class TenantLimiter {
  readonly #max: number;
  readonly #inFlight = new Map<string, number>();

  constructor(max: number) {
    this.#max = max;
  }

  async run<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    const current = this.#inFlight.get(tenantId) ?? 0;
    if (current >= this.#max)
      throw new ProblemError('rate_limited', `at most ${this.#max} concurrent imports per tenant`, {
        retryAfter: RETRY_AFTER_SECONDS,
      });
    this.#inFlight.set(tenantId, current + 1);
    try {
      return await work();
    } finally {
      const left = (this.#inFlight.get(tenantId) ?? 1) - 1;
      if (left === 0) this.#inFlight.delete(tenantId);
      else this.#inFlight.set(tenantId, left);
    }
  }
}
