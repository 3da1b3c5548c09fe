import { createHash } from 'node:crypto';

/** Tenant ids: 1..63 of [a-z0-9-], starting with a letter (no path separators, no dots). */
export const TENANT_ID = /^[a-z][a-z0-9-]{0,62}$/;

/** Longest database name every dialect keeps whole (PostgreSQL truncates past 63 bytes, MySQL refuses past 64). */
export const MAX_DATABASE_NAME = 63;
/** Hex digits of the id's sha256 that end a shortened name (48 bits). */
const HASH_DIGITS = 12;

export function isTenantId(value: unknown): value is string {
  return typeof value === 'string' && TENANT_ID.test(value);
}

/**
 * The database (or SQLite file) name of a tenant: `prefix` + id with `-` as `_` when that fits in
 * 63 characters; otherwise `prefix` + the id's start + `_` + 12 hex digits of sha256(id), so ids
 * that differ only at the end still get distinct names. The name is stored in the catalog when
 * the tenant is created, so this rule only ever applies to new tenants.
 */
export function tenantDatabaseName(prefix: string, id: string): string {
  const plain = `${prefix}${id.replace(/-/g, '_')}`;
  if (plain.length <= MAX_DATABASE_NAME) return plain;
  const hash = createHash('sha256').update(id).digest('hex').slice(0, HASH_DIGITS);
  return `${plain.slice(0, MAX_DATABASE_NAME - HASH_DIGITS - 1)}_${hash}`;
}
