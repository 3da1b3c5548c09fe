import { createHash } from 'node:crypto';
import { OnboardError } from '../../errors/onboard-error.ts';

/** A tenant's name as queues see it: letters, digits, `-` and `_`, at most 64 characters. */
const TENANT_KEY = /^[A-Za-z0-9_-]{1,64}$/;

/** A `--tenant` value that cannot name a queue. */
export class TenantKeyError extends OnboardError {
  override readonly name = 'TenantKeyError';
  constructor(message: string, options?: ErrorOptions) {
    super('usage', message, options);
  }
}

/**
 * The tenant key of a run: the given name, or a stable digest of core's URL and the tenant's token
 * (one-way: it names the tenant without revealing the token).
 */
export function tenantKey(given: string | undefined, coreUrl: string, token: string): string {
  if (given !== undefined) {
    if (!TENANT_KEY.test(given))
      throw new TenantKeyError(`--tenant must be 1-64 letters, digits, "-" or "_", got "${given}"`);
    return given;
  }
  const digest = createHash('sha256').update(`${coreUrl}\u0000${token}`).digest('hex');
  return `t${digest.slice(0, 16)}`;
}

/** The queue that carries one tenant's partition tasks. */
export function tenantQueueName(tenant: string): string {
  return `tasks-${tenant}`;
}
