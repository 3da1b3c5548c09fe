import { readEnvInt } from '../config/environment.ts';

/** How the loader retries a request that failed for a transient reason. */
export interface RetryPolicy {
  /**
   * How long a request keeps being retried, from its first failure, in milliseconds: core down for
   * less than this is waited for (`--retry-for`, `ONBOARD_RETRY_FOR`).
   */
  readonly budgetMs: number;
  /** The backoff ceiling of the first retry, in milliseconds; it doubles with each retry. */
  readonly baseDelayMs: number;
  /** The largest wait between two attempts (Retry-After included, and never past the budget). */
  readonly maxDelayMs: number;
  /** Attempts in all at most, the first included (default: as many as the budget allows). */
  readonly maxAttempts?: number;
  /** A uniform random number in [0, 1); injectable so tests are deterministic. */
  readonly random?: () => number;
}

/** Five minutes: a core restart, a failover or a short network outage is waited for. */
export const DEFAULT_RETRY_BUDGET_MS = 300_000;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  budgetMs: DEFAULT_RETRY_BUDGET_MS,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
};

/** The default policy (see `defaultRetryPolicy`) with another budget. */
export function retryFor(budgetMs: number): RetryPolicy {
  return { ...defaultRetryPolicy(), budgetMs };
}

/** `DEFAULT_RETRY_POLICY`, with the attempts `ONBOARD_CORE_ATTEMPTS` sets, when it does (a cap within the budget). */
export function defaultRetryPolicy(): RetryPolicy {
  const attempts = readEnvInt('coreAttempts', 1);
  return attempts === undefined ? DEFAULT_RETRY_POLICY : { ...DEFAULT_RETRY_POLICY, maxAttempts: attempts };
}

/**
 * The wait before retry number `retry` (1-based): "full jitter", a uniform pick in
 * [0, min(max, base * 2^(retry-1))], but never shorter than the server's Retry-After.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const jitter = Math.floor((policy.random ?? Math.random)() * ceiling);
  if (retryAfterMs === undefined) return jitter;
  return Math.min(policy.maxDelayMs, Math.max(retryAfterMs, jitter));
}

/** Parses a Retry-After header (delta seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
