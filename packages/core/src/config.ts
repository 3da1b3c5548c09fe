import { join, resolve } from 'node:path';
import type { TenantDialect } from '@madeup/contract';
import type { PoolOptions } from './storage/storage-dialect.ts';

/** Everything core can be configured with; `resolveConfig` fills the defaults. */
export interface CoreConfig {
  /** Folder of the embedded catalog and SQLite tenants. */
  readonly dataDir: string;
  /** Catalog database: a `postgres://`/`mysql://` URL or a SQLite path. Default `<dataDir>/catalog.sqlite`. */
  readonly catalogUrl: string;
  /** Servers new tenants' databases are created on, per dialect (SQLite needs none). */
  readonly servers: { readonly postgres?: string; readonly mysql?: string };
  /** Dialect of tenants created without one. */
  readonly defaultDialect: TenantDialect;
  /** Prefix of tenant database names on the servers. */
  readonly databasePrefix: string;
  readonly maxBatchRecords: number;
  readonly maxBatchBytes: number;
  /** Connection pool of each open tenant. */
  readonly tenantPool: PoolOptions;
  /** Most tenant pools open at once; the least recently used is closed beyond it. */
  readonly maxOpenTenants: number;
  /** A tenant pool unused this long is closed. */
  readonly tenantIdleMs: number;
  /** Import requests one tenant may run at once on this process; more get 429. */
  readonly maxConcurrentImports: number;
  readonly logLevel: string;
}

export type CoreOptions = Partial<Omit<CoreConfig, 'dataDir'>> & { readonly dataDir?: string };

/** Applies defaults, and `MADEUP_*` environment variables under the explicit options. */
export function resolveConfig(options: CoreOptions = {}, env: NodeJS.ProcessEnv = process.env): CoreConfig {
  const dataDir = resolve(options.dataDir ?? env['MADEUP_DATA_DIR'] ?? 'data');
  const postgres = options.servers?.postgres ?? env['MADEUP_POSTGRES_URL'];
  const mysql = options.servers?.mysql ?? env['MADEUP_MYSQL_URL'];
  return {
    dataDir,
    catalogUrl: options.catalogUrl ?? env['MADEUP_CATALOG_URL'] ?? join(dataDir, 'catalog.sqlite'),
    servers: { ...(postgres ? { postgres } : {}), ...(mysql ? { mysql } : {}) },
    defaultDialect:
      options.defaultDialect ?? (env['MADEUP_DEFAULT_DIALECT'] as TenantDialect | undefined) ?? 'sqlite',
    databasePrefix: options.databasePrefix ?? env['MADEUP_DATABASE_PREFIX'] ?? 'madeup_t_',
    maxBatchRecords: options.maxBatchRecords ?? Number(env['MADEUP_MAX_BATCH_RECORDS'] ?? 1000),
    maxBatchBytes: options.maxBatchBytes ?? Number(env['MADEUP_MAX_BATCH_BYTES'] ?? 8 * 1024 * 1024),
    tenantPool: options.tenantPool ?? { max: Number(env['MADEUP_TENANT_POOL_MAX'] ?? 5), idleMs: 30_000 },
    maxOpenTenants: options.maxOpenTenants ?? Number(env['MADEUP_MAX_OPEN_TENANTS'] ?? 200),
    tenantIdleMs: options.tenantIdleMs ?? Number(env['MADEUP_TENANT_IDLE_MS'] ?? 5 * 60_000),
    maxConcurrentImports: options.maxConcurrentImports ?? Number(env['MADEUP_MAX_CONCURRENT_IMPORTS'] ?? 8),
    logLevel: options.logLevel ?? env['MADEUP_LOG_LEVEL'] ?? 'info',
  };
}
