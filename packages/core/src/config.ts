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
  /** Longest time to receive one whole request (headers and body); then 408 and the socket closes. */
  readonly requestTimeoutMs: number;
  /** Longest time to receive a request's headers. */
  readonly headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long. */
  readonly keepAliveTimeoutMs: number;
  /** Request bodies being received or handled at once on this process; more get 503. */
  readonly maxBodiesInFlight: number;
  /** Request bodies of one token owner (a tenant, or the admin) at once; more get 429. Default: `maxConcurrentImports`. */
  readonly maxTenantBodiesInFlight: number;
  /** How long a resolved token is trusted before the catalog is asked again (revocation bound across processes). */
  readonly tokenCacheMs: number;
  /** Serve HTTPS with this certificate and key (PEM file paths); plain HTTP when absent. */
  readonly tls?: { readonly certFile: string; readonly keyFile: string } | undefined;
  /** Stored idempotent responses are kept this long after their request ran, then swept. */
  readonly idempotencyRetentionMs: number;
  /** How often this process sweeps expired idempotency records. */
  readonly idempotencySweepMs: number;
  /** How long a request waits for a running duplicate (same Idempotency-Key) before 409. */
  readonly idempotencyWaitMs: number;
  /** A running request's claim not refreshed this long is abandoned (its process died). */
  readonly idempotencyStaleClaimMs: number;
}

export type CoreOptions = Partial<Omit<CoreConfig, 'dataDir'>> & { readonly dataDir?: string };

/** Applies defaults, and `MADEUP_*` environment variables under the explicit options. */
export function resolveConfig(options: CoreOptions = {}, env: NodeJS.ProcessEnv = process.env): CoreConfig {
  const dataDir = resolve(options.dataDir ?? env['MADEUP_DATA_DIR'] ?? 'data');
  const postgres = options.servers?.postgres ?? env['MADEUP_POSTGRES_URL'];
  const mysql = options.servers?.mysql ?? env['MADEUP_MYSQL_URL'];
  const maxConcurrentImports =
    options.maxConcurrentImports ?? Number(env['MADEUP_MAX_CONCURRENT_IMPORTS'] ?? 8);
  return {
    dataDir,
    catalogUrl: options.catalogUrl ?? env['MADEUP_CATALOG_URL'] ?? join(dataDir, 'catalog.sqlite'),
    servers: { ...(postgres ? { postgres } : {}), ...(mysql ? { mysql } : {}) },
    defaultDialect:
      options.defaultDialect ?? (env['MADEUP_DEFAULT_DIALECT'] as TenantDialect | undefined) ?? 'sqlite',
    databasePrefix: checkedPrefix(options.databasePrefix ?? env['MADEUP_DATABASE_PREFIX'] ?? 'madeup_t_'),
    maxBatchRecords: options.maxBatchRecords ?? Number(env['MADEUP_MAX_BATCH_RECORDS'] ?? 4000),
    maxBatchBytes: options.maxBatchBytes ?? Number(env['MADEUP_MAX_BATCH_BYTES'] ?? 8 * 1024 * 1024),
    tenantPool: options.tenantPool ?? { max: Number(env['MADEUP_TENANT_POOL_MAX'] ?? 5), idleMs: 30_000 },
    maxOpenTenants: options.maxOpenTenants ?? Number(env['MADEUP_MAX_OPEN_TENANTS'] ?? 200),
    tenantIdleMs: options.tenantIdleMs ?? Number(env['MADEUP_TENANT_IDLE_MS'] ?? 5 * 60_000),
    maxConcurrentImports,
    logLevel: options.logLevel ?? env['MADEUP_LOG_LEVEL'] ?? 'info',
    requestTimeoutMs: options.requestTimeoutMs ?? Number(env['MADEUP_REQUEST_TIMEOUT_MS'] ?? 60_000),
    headersTimeoutMs: options.headersTimeoutMs ?? Number(env['MADEUP_HEADERS_TIMEOUT_MS'] ?? 10_000),
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? Number(env['MADEUP_KEEP_ALIVE_TIMEOUT_MS'] ?? 72_000),
    maxBodiesInFlight: options.maxBodiesInFlight ?? Number(env['MADEUP_MAX_BODIES_IN_FLIGHT'] ?? 32),
    maxTenantBodiesInFlight:
      options.maxTenantBodiesInFlight ??
      Number(env['MADEUP_MAX_TENANT_BODIES_IN_FLIGHT'] ?? maxConcurrentImports),
    tokenCacheMs: options.tokenCacheMs ?? Number(env['MADEUP_TOKEN_CACHE_MS'] ?? 2_000),
    ...tlsOf(options, env),
    idempotencyRetentionMs:
      options.idempotencyRetentionMs ?? Number(env['MADEUP_IDEMPOTENCY_RETENTION_MS'] ?? 24 * 3600_000),
    idempotencySweepMs:
      options.idempotencySweepMs ?? Number(env['MADEUP_IDEMPOTENCY_SWEEP_MS'] ?? 10 * 60_000),
    idempotencyWaitMs: options.idempotencyWaitMs ?? Number(env['MADEUP_IDEMPOTENCY_WAIT_MS'] ?? 30_000),
    idempotencyStaleClaimMs: options.idempotencyStaleClaimMs ?? 20_000,
  };
}

/**
 * Database prefixes: short enough to leave room, within 63 characters, for a readable part of a
 * tenant id and its hash (see `tenantDatabaseName`).
 */
const DATABASE_PREFIX = /^[a-z0-9_]{0,40}$/;

function checkedPrefix(prefix: string): string {
  if (!DATABASE_PREFIX.test(prefix))
    throw new Error(`database prefix ${JSON.stringify(prefix)} must be 0..40 of a-z, 0-9 and _`);
  return prefix;
}

/** TLS files from the options, else from MADEUP_TLS_CERT and MADEUP_TLS_KEY (both or neither). */
function tlsOf(options: CoreOptions, env: NodeJS.ProcessEnv): { tls?: CoreConfig['tls'] } {
  if (options.tls !== undefined) return { tls: options.tls };
  const certFile = env['MADEUP_TLS_CERT'];
  const keyFile = env['MADEUP_TLS_KEY'];
  if (certFile === undefined && keyFile === undefined) return {};
  if (!certFile || !keyFile)
    throw new Error('TLS needs both a certificate and a key (MADEUP_TLS_CERT and MADEUP_TLS_KEY)');
  return { tls: { certFile, keyFile } };
}
