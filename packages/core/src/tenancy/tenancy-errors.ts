/** No tenant with this id (or not visible to the caller). */
export class TenantNotFoundError extends Error {
  override readonly name = 'TenantNotFoundError';
}

/** The tenant's database lags behind the model; `madeup-core migrate` fixes it. */
export class TenantMigrationPendingError extends Error {
  override readonly name = 'TenantMigrationPendingError';
}

/** A tenant was asked for on a dialect whose server core was not given. */
export class DialectNotConfiguredError extends Error {
  override readonly name = 'DialectNotConfiguredError';
}

/** A tenant id that does not match `[a-z][a-z0-9-]{0,62}`. */
export class InvalidTenantIdError extends Error {
  override readonly name = 'InvalidTenantIdError';
}
