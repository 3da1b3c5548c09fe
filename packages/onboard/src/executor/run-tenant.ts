import type { WhoAmI } from '@madeup/contract';
import { OnboardError } from '../errors/onboard-error.ts';
import type { RunRecord } from '../store/run-records.ts';

/** A token reaches another tenant than the run's (or is no tenant's): nothing may be written. */
export class TenantMismatchError extends OnboardError {
  override readonly name = 'TenantMismatchError';
  constructor(message: string, options?: ErrorOptions) {
    super('config', message, options);
  }
}

/** The tenant `who` names, or a `TenantMismatchError` for core's admin token. */
export function tenantOf(who: WhoAmI, coreUrl: string): string {
  if (who.kind !== 'tenant')
    throw new TenantMismatchError(
      `the token is core's admin token (${who.tokenId} at ${coreUrl}), not a tenant's: use the tenant's token`,
    );
  return who.tenantId;
}

/**
 * Refuses to work `run` with a token of another tenant, naming both. A run stored before tenants
 * were recorded (`tenantId` null) cannot be checked here; `resume` binds it first.
 */
export function checkRunTenant(
  run: Pick<RunRecord, 'id' | 'tenantId' | 'coreUrl'>,
  who: WhoAmI,
  coreUrl: string,
): void {
  const tenant = tenantOf(who, coreUrl);
  if (run.tenantId === null || run.tenantId === tenant) return;
  throw new TenantMismatchError(
    `run ${run.id} belongs to tenant ${run.tenantId} (core ${run.coreUrl}), but the token given is tenant ${tenant}'s (${who.tokenId} at ${coreUrl}): refusing to write into another tenant; use tenant ${run.tenantId}'s token`,
  );
}
