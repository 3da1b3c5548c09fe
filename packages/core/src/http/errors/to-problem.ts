import { TenantExistsError } from '../../catalog/catalog-errors.ts';
import { STORAGE_DIALECTS } from '../../storage/dialects.ts';
import { isNetworkError } from '../../storage/network-errors.ts';
import type { ErrorClass } from '../../storage/storage-dialect.ts';
import {
  DialectNotConfiguredError,
  InvalidTenantIdError,
  TenantMigrationPendingError,
  TenantNotFoundError,
} from '../../tenancy/tenancy-errors.ts';
import { ProblemError } from './problem-error.ts';

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  validation?: readonly { instancePath?: string; message?: string }[];
  message?: string;
}

const DATABASE_RETRY_AFTER = 5;

/** Maps any thrown value to a registered problem. Unknown errors become `internal_error`. */
export function toProblem(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof TenantNotFoundError) return new ProblemError('not_found', error.message);
  if (error instanceof TenantExistsError) return new ProblemError('tenant_exists', error.message);
  if (error instanceof TenantMigrationPendingError)
    return new ProblemError('tenant_migration_pending', error.message);
  if (error instanceof DialectNotConfiguredError)
    return new ProblemError('dialect_not_configured', error.message);
  if (error instanceof InvalidTenantIdError) return new ProblemError('invalid_tenant_id', error.message);
  const e = (error ?? {}) as FastifyLikeError;
  if (e.validation !== undefined)
    return new ProblemError('invalid_request', 'the request does not match the API', {
      errors: e.validation.map((v) => ({ path: v.instancePath || '/', message: v.message ?? 'invalid' })),
    });
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ProblemError('payload_too_large', e.message);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ProblemError('malformed_json', e.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ProblemError('unsupported_media_type', e.message);
  }
  if (error instanceof SyntaxError || e.statusCode === 400)
    return new ProblemError('malformed_json', e.message);
  // Lost races (deadlocks, serialisation failures, a key inserted by a concurrent batch) that
  // outlasted the retries: the same request succeeds later, so it is a 503, never a 500.
  if (Object.values(STORAGE_DIALECTS).some((d) => isLostRace(d.classifyError(error))))
    return new ProblemError('database_busy', 'the write kept meeting concurrent writes; retry', {
      retryAfter: 1,
    });
  if (isDatabaseOutage(error))
    return new ProblemError('database_unavailable', 'a database did not answer; retry later', {
      retryAfter: DATABASE_RETRY_AFTER,
    });
  return new ProblemError('internal_error', 'an unexpected error happened; it was logged');
}

function isLostRace(kind: ErrorClass): boolean {
  return kind === 'retry' || kind === 'unique_violation';
}

function isDatabaseOutage(error: unknown): boolean {
  return (
    isNetworkError(error) ||
    Object.values(STORAGE_DIALECTS).some((d) => d.classifyError(error) === 'unavailable')
  );
}
