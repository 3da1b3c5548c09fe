/** Tenant ids: 1..63 of [a-z0-9-], starting with a letter (no path separators, no dots). */
export const TENANT_ID = /^[a-z][a-z0-9-]{0,62}$/;

export function isTenantId(value: unknown): value is string {
  return typeof value === 'string' && TENANT_ID.test(value);
}

/** The database (or SQLite file) name of a tenant: `prefix` + id with `-` as `_`. */
export function tenantDatabaseName(prefix: string, id: string): string {
  return `${prefix}${id.replace(/-/g, '_')}`;
}
