import { mkdir } from 'node:fs/promises';
import type { CreateTenantResponse, TenantDialect } from '@madeup/contract';
import type { DestinationStream } from 'pino';
import { Catalog } from './catalog/catalog.ts';
import { IdempotencyStore } from './catalog/idempotency-store.ts';
import { startIdempotencySweeper } from './catalog/idempotency-sweeper.ts';
import { generateToken, hashToken } from './catalog/tokens.ts';
import { type CoreConfig, type CoreOptions, resolveConfig } from './config.ts';
import { buildApp } from './http/app.ts';
import { createMetrics } from './http/metrics.ts';
import { TenantLimiter } from './http/tenant-limiter.ts';
import { TokenResolver } from './http/token-resolver.ts';
import { createLogger, secretsOfUrls } from './logging/create-logger.ts';
import { MODEL } from './model/model.ts';
import { provisionTenant } from './tenancy/provision-tenant.ts';
import { TenantPools } from './tenancy/tenant-pools.ts';

/** Options of `startCore`: the configuration plus where to listen. */
export interface StartOptions extends CoreOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Use this admin token (stored hashed if new) instead of generating one at first start. */
  readonly adminToken?: string;
  /** Where logs go (default stdout); tests pass a sink. */
  readonly logDestination?: DestinationStream;
}

/** A running core. */
export interface RunningCore {
  /** `http://host:port`. */
  readonly url: string;
  readonly config: CoreConfig;
  /** The admin token, when this start generated it or was given it; otherwise undefined. */
  readonly adminToken: string | undefined;
  /** Creates a tenant (database created and migrated) and returns its first token. */
  createTenant(id: string, dialect?: TenantDialect): Promise<CreateTenantResponse>;
  close(): Promise<void>;
}

/** Starts core in this process: catalog, tenant pools, HTTP server. */
export async function startCore(options: StartOptions = {}): Promise<RunningCore> {
  const config = resolveConfig(options);
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const logger = createLogger(
    config.logLevel,
    options.logDestination,
    secretsOfUrls([config.catalogUrl, config.servers.postgres, config.servers.mysql]),
  );
  const catalog = await Catalog.open(config.catalogUrl);
  const adminToken = await ensureAdminToken(catalog, options.adminToken);
  const pools = new TenantPools(catalog, config, MODEL);
  const idempotency = new IdempotencyStore(catalog, {
    retentionMs: config.idempotencyRetentionMs,
    staleClaimMs: config.idempotencyStaleClaimMs,
  });
  const ctx = {
    config,
    catalog,
    idempotency,
    pools,
    model: MODEL,
    tokens: new TokenResolver(catalog, config.tokenCacheMs),
    limiter: new TenantLimiter(config.maxConcurrentImports),
    metrics: createMetrics(),
  };
  const app = await buildApp(ctx, logger);
  logger.info(
    { catalog: config.catalogUrl, servers: config.servers, dataDir: config.dataDir },
    'core starting',
  );
  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const sweeper = startIdempotencySweeper(idempotency, config.idempotencySweepMs, logger);
  return {
    url: address,
    config,
    adminToken,
    createTenant: (id, dialect) => provisionTenant(catalog, config, MODEL, id, dialect),
    async close() {
      await app.close();
      await sweeper.stop();
      await pools.closeAll();
      await catalog.close();
    },
  };
}

/** Stores `given` if new; generates a token when the catalog has no admin token yet. */
async function ensureAdminToken(catalog: Catalog, given: string | undefined): Promise<string | undefined> {
  if (given !== undefined) {
    if ((await catalog.tokenOwner(hashToken(given))) === undefined)
      await catalog.addToken(hashToken(given), null);
    return given;
  }
  if (await catalog.hasAdminToken()) return undefined;
  const token = generateToken('mua_');
  await catalog.addToken(hashToken(token), null);
  return token;
}
