import { ConnectorError } from '../connectors/connector-error.ts';
import { TenantMismatchError } from '../executor/run-tenant.ts';
import { CoreRequestError, CoreUnavailableError } from '../loader/core-errors.ts';
import { MissingStreamError } from '../planner/plan-run.ts';
import { StoreOpenError } from '../store/open-run-store.ts';
import { PipelineError } from './pipeline-errors.ts';
import { RunLockedError } from './run-lock.ts';

/** True for the errors a user can act on, whose message is meant to be printed (and holds no secret). */
export function isUserFacing(error: unknown): error is Error {
  return (
    error instanceof PipelineError ||
    error instanceof RunLockedError ||
    error instanceof TenantMismatchError ||
    error instanceof CoreRequestError ||
    error instanceof CoreUnavailableError ||
    error instanceof StoreOpenError ||
    error instanceof MissingStreamError ||
    error instanceof ConnectorError ||
    error instanceof RangeError
  );
}
