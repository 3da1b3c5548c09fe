import { createHash } from 'node:crypto';
import { openSecrets, type RunSecrets, SECRET_KEY_ENV } from '../executor/bullmq/sealed-secrets.ts';
import type { TaskJobData } from '../executor/bullmq/task-job.ts';
import { CoordinateTaskResources } from '../executor/coordinate-task-resources.ts';
import type { PartitionTask } from '../planner/partition-task.ts';
import type { BatchResult } from '../store/run-records.ts';

/** A job carries no usable token and the worker has none either. */
export class MissingTokenError extends Error {
  override readonly name = 'MissingTokenError';
}

export interface TenantResourceOptions {
  readonly secretKey?: string;
  readonly fallbackToken?: string;
  readonly coreConcurrency?: number;
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
      });
      this.#byToken.set(key, resources);
    }
    return resources;
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
