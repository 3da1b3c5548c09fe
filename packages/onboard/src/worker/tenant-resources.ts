import { createHash } from 'node:crypto';
import { OnboardError } from '../errors/onboard-error.ts';
import { openSecrets, type RunSecrets, SECRET_KEY_ENV } from '../executor/bullmq/sealed-secrets.ts';
import type { TaskJobData } from '../executor/bullmq/task-job.ts';
import { CoordinateTaskResources, type ResourceCounts } from '../executor/coordinate-task-resources.ts';
import type { RetryPolicy } from '../loader/retry-policy.ts';
import type { RetryListener } from '../loader/with-retry.ts';
import type { PartitionTask } from '../planner/partition-task.ts';
import type { BatchResult } from '../store/run-records.ts';

/** A job carries no usable token and the worker has none either. */
export class MissingTokenError extends OnboardError {
  override readonly name = 'MissingTokenError';
  constructor(message: string, options?: ErrorOptions) {
    super('config', message, options);
  }
}

export interface TenantResourceOptions {
  readonly secretKey?: string;
  readonly fallbackToken?: string;
  readonly coreConcurrency?: number;
  readonly retry?: RetryPolicy;
  readonly onRetry?: RetryListener;
  readonly onBatch?: (task: PartitionTask, batch: BatchResult) => void;
}

/**
 * The task resources of a worker, one set per tenant token: a core client is bound to one token,
 * so two tenants on the same core never share one. Secrets come from the job (sealed, opened with
 * the worker's `ONBOARD_SECRET_KEY`) or from the worker's `ONBOARD_TOKEN`.
 */
export class TenantResources {
  readonly #byToken = new Map<string, CoordinateTaskResources>();
  readonly #options: TenantResourceOptions;
  /** What the tenants forgotten by `closeIdle` had opened and closed. */
  #gone = { opened: 0, closed: 0 };

  constructor(options: TenantResourceOptions) {
    this.#options = options;
  }

  /** The resources that run `job`'s task with its tenant's secrets. */
  for(job: TaskJobData): CoordinateTaskResources {
    const secrets = this.#secrets(job);
    const key = createHash('sha256')
      .update(`${secrets.token}\u0000${secrets.sourceUrl ?? ''}`)
      .digest('hex');
    let resources = this.#byToken.get(key);
    if (resources === undefined) {
      resources = new CoordinateTaskResources({
        secrets: {
          token: () => secrets.token,
          ...(secrets.sourceUrl === undefined ? {} : { sourceUrl: () => secrets.sourceUrl as string }),
        },
        ...(this.#options.coreConcurrency === undefined
          ? {}
          : { coreConcurrency: this.#options.coreConcurrency }),
        ...(this.#options.onBatch === undefined ? {} : { onBatch: this.#options.onBatch }),
        ...(this.#options.retry === undefined ? {} : { retry: this.#options.retry }),
        ...(this.#options.onRetry === undefined ? {} : { onRetry: this.#options.onRetry }),
      });
      this.#byToken.set(key, resources);
    }
    return resources;
  }

  /**
   * Closes the core clients, sources and stores no task has used for `idleMs` (never one a task
   * holds), and forgets tenants left with nothing open; resolves with how many it closed. The next
   * task of a run opens what it needs again.
   */
  async closeIdle(idleMs: number): Promise<number> {
    let closed = 0;
    for (const [key, resources] of [...this.#byToken]) {
      closed += await resources.closeIdle(idleMs);
      const counts = resources.counts();
      if (counts.open === 0 && counts.held === 0 && this.#byToken.get(key) === resources) {
        this.#byToken.delete(key);
        this.#gone = { opened: this.#gone.opened + counts.opened, closed: this.#gone.closed + counts.closed };
      }
    }
    return closed;
  }

  /** Over every tenant: what is open now, and how much was opened and closed so far. */
  counts(): ResourceCounts {
    const all = [...this.#byToken.values()].map((r) => r.counts());
    const sum = (field: keyof ResourceCounts) => all.reduce((n, c) => n + c[field], 0);
    return {
      open: sum('open'),
      opened: sum('opened') + this.#gone.opened,
      closed: sum('closed') + this.#gone.closed,
      held: sum('held'),
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.#byToken.values()].map((r) => r.close().catch(() => {})));
    this.#byToken.clear();
  }

  #secrets(job: TaskJobData): RunSecrets {
    if (job.sealed !== null) {
      if (this.#options.secretKey === undefined)
        throw new MissingTokenError(
          `tenant ${job.tenant}'s job carries sealed secrets but this worker has no ${SECRET_KEY_ENV}`,
        );
      return openSecrets(job.sealed, this.#options.secretKey);
    }
    if (this.#options.fallbackToken === undefined)
      throw new MissingTokenError(
        `tenant ${job.tenant}'s job carries no secrets: set ${SECRET_KEY_ENV} on the coordinator and the workers, or ONBOARD_TOKEN on this worker`,
      );
    return { token: this.#options.fallbackToken };
  }
}
