/** A tenant with this id exists already. */
export class TenantExistsError extends Error {
  override readonly name = 'TenantExistsError';
}
