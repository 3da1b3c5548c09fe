/**
 * Tenant administration (admin token): `POST /v1/tenants` creates a tenant's database, migrates it
 * and returns its first API token, shown once.
 */
export type TenantDialect = 'sqlite' | 'postgres' | 'mysql';

export interface CreateTenantRequest {
  /** 1..63 of [a-z0-9-], starting with a letter. */
  readonly id: string;
  /** Defaults to core's configured default (SQLite when embedded). */
  readonly dialect?: TenantDialect;
}

export interface CreateTenantResponse {
  readonly id: string;
  readonly dialect: TenantDialect;
  /** The tenant's API token; core stores only its hash, so it is never shown again. */
  readonly token: string;
}

/** `GET /v1/tenants` (admin): every tenant, by id. */
export interface TenantList {
  readonly tenants: readonly {
    readonly id: string;
    readonly dialect: TenantDialect;
    readonly createdAt: string;
  }[];
}
