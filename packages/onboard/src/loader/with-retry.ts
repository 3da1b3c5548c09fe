import { setTimeout as sleep } from 'node:timers/promises';
import { CoreUnavailableError } from './core-errors.ts';
import { backoffDelay, type RetryPolicy } from './retry-policy.ts';

/** One attempt's verdict: done with a value, or worth another try after at least `retryAfterMs`. */
export type Attempt<T> =
  | { readonly done: true; readonly value: T }
  | { readonly done: false; readonly reason: string; readonly retryAfterMs?: number };

/** Called before each wait, for logs and metrics. */
export type RetryListener = (info: { attempt: number; delayMs: number; reason: string }) => void;

/**
 * Runs `attempt` until it is done, waiting with full-jitter exponential backoff (and at least the
 * server's Retry-After) between tries. Throws `CoreUnavailableError` after `maxAttempts`, and the
 * signal's reason when aborted. Errors thrown by `attempt` are not retried.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  attempt: (n: number) => Promise<Attempt<T>>,
  signal?: AbortSignal,
  onRetry?: RetryListener,
): Promise<T> {
  let last = '';
  for (let n = 1; n <= policy.maxAttempts; n++) {
    signal?.throwIfAborted();
    const result = await attempt(n);
    if (result.done) return result.value;
    last = result.reason;
    if (n === policy.maxAttempts) break;
    const delayMs = backoffDelay(policy, n, result.retryAfterMs);
    onRetry?.({ attempt: n, delayMs, reason: result.reason });
    await sleep(delayMs, undefined, signal ? { signal } : {}).catch((error: unknown) => {
      throw signal?.aborted ? signal.reason : error;
    });
  }
  throw new CoreUnavailableError(
    `core unavailable after ${policy.maxAttempts} attempts: ${last}`,
    policy.maxAttempts,
  );
}
