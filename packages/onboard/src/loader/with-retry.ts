import { setTimeout as sleep } from 'node:timers/promises';
import { CoreUnavailableError } from './core-errors.ts';
import { backoffDelay, type RetryPolicy } from './retry-policy.ts';

/** One attempt's verdict: done with a value, or worth another try after at least `retryAfterMs`. */
export type Attempt<T> =
  | { readonly done: true; readonly value: T }
  | {
      readonly done: false;
      readonly reason: string;
      readonly retryAfterMs?: number;
      /** This failure may be tried this many times in all at most (e.g. a 500), within the budget. */
      readonly maxAttempts?: number;
      /** Thrown instead of `CoreUnavailableError` once no try is left. */
      readonly error?: Error;
    };

/** What a retry waits for, for logs and the "waiting for core" line. */
export interface RetryInfo {
  /** The attempt that just failed (1-based). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
  /** What is retried, e.g. `core at http://…` (no credentials). */
  readonly target: string;
  /** How much of the budget is left after this wait. */
  readonly remainingMs: number;
}

/** Called before each wait. */
export type RetryListener = (info: RetryInfo) => void;

/**
 * Runs `attempt` until it is done, waiting with full-jitter exponential backoff (and at least the
 * server's Retry-After) between tries, for at most `policy.budgetMs` from the first failure. Throws
 * `CoreUnavailableError` (or the attempt's own `error`) once the budget or the attempts are spent,
 * and the signal's reason when aborted. Errors thrown by `attempt` are not retried.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  attempt: (n: number) => Promise<Attempt<T>>,
  signal?: AbortSignal,
  onRetry?: RetryListener,
  target = 'core',
): Promise<T> {
  let firstFailure: number | undefined;
  for (let n = 1; ; n++) {
    signal?.throwIfAborted();
    const result = await attempt(n);
    if (result.done) return result.value;
    firstFailure ??= performance.now();
    const elapsed = performance.now() - firstFailure;
    const remaining = policy.budgetMs - elapsed;
    const maxAttempts = Math.min(policy.maxAttempts ?? Infinity, result.maxAttempts ?? Infinity);
    if (remaining <= 0 || n >= maxAttempts) {
      if (result.error !== undefined) throw result.error;
      throw new CoreUnavailableError(
        `${target} unavailable: gave up after ${n} attempts in ${Math.round(elapsed / 1000)} s (retry budget ${Math.round(policy.budgetMs / 1000)} s, --retry-for): ${result.reason}`,
        n,
      );
    }
    const delayMs = Math.min(remaining, backoffDelay(policy, n, result.retryAfterMs));
    onRetry?.({ attempt: n, delayMs, reason: result.reason, target, remainingMs: remaining - delayMs });
    await sleep(delayMs, undefined, signal ? { signal } : {}).catch((error: unknown) => {
      throw signal?.aborted ? signal.reason : error;
    });
  }
}

/** The line a person sees while core is away: `waiting for core at URL (reason), retrying for up to N more s`. */
export function waitingLine(info: RetryInfo): string {
  return `waiting for ${info.target} (${info.reason}), retrying for up to ${Math.ceil((info.remainingMs + info.delayMs) / 1000)} more s`;
}

/**
 * A listener that passes on at most one wait per `intervalMs` (and any whose reason changed), so
 * the many requests in flight during an outage print a line a second, not one each.
 */
export function throttledRetries(
  listener: RetryListener,
  intervalMs = 1000,
  now: () => number = () => performance.now(),
): RetryListener {
  let last = Number.NEGATIVE_INFINITY;
  let lastReason = '';
  return (info) => {
    const at = now();
    if (at - last < intervalMs && info.reason === lastReason) return;
    last = at;
    lastReason = info.reason;
    listener(info);
  };
}
