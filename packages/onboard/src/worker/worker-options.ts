import type { QueueSettings } from '../executor/bullmq/queue-settings.ts';
import type { RetryPolicy } from '../loader/retry-policy.ts';

/** How an `onboard worker` process runs. */
export interface WorkerOptions {
  readonly queue: QueueSettings;
  /** The run store every task records into (a worker serves one shared store). */
  readonly storeUrl: string;
  /** Tasks at once in this process, shared out between the tenants that have work. */
  readonly concurrency: number;
  /** A job whose worker stopped renewing its lock this long ago is taken over (ms). Default 30000. */
  readonly lockMs?: number;
  /** How often stalled jobs are looked for (ms). Default 15000. */
  readonly stalledMs?: number;
  /** How often the tenant queues are looked at (new tenants, rebalancing), in ms. Default 1000. */
  readonly watchMs?: number;
  /**
   * A run's core client, source connections and store, unused by any task of this process for this
   * long (ms), are closed, and opened again by the next task that needs them. 0: never. Default 60000.
   */
  readonly idleCloseMs?: number;
  /** Requests in flight to each core. Default 8. */
  readonly coreConcurrency?: number;
  /** How requests to core are retried (`--retry-for`); default `DEFAULT_RETRY_POLICY`. */
  readonly retry?: RetryPolicy;
  /** From `ONBOARD_SECRET_KEY`: opens the secrets sealed in jobs. */
  readonly secretKey?: string;
  /** From `ONBOARD_TOKEN`: the token for jobs that carry no sealed secrets. */
  readonly fallbackToken?: string;
}
