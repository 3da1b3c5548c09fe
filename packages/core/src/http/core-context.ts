import type { Catalog } from '../catalog/catalog.ts';
import type { IdempotencyStore } from '../catalog/idempotency-store.ts';
import type { CoreConfig } from '../config.ts';
import type { Model } from '../model/model.ts';
import type { TenantPools } from '../tenancy/tenant-pools.ts';
import type { CoreMetrics } from './metrics.ts';
import type { TenantLimiter } from './tenant-limiter.ts';
import type { TokenResolver } from './token-resolver.ts';

/** What every route needs: configuration, the catalog, tenant pools and the model. */
export interface CoreContext {
  readonly config: CoreConfig;
  readonly catalog: Catalog;
  /** Idempotency keys: claims, stored responses, retention. */
  readonly idempotency: IdempotencyStore;
  readonly pools: TenantPools;
  readonly model: Model;
  readonly tokens: TokenResolver;
  readonly limiter: TenantLimiter;
  readonly metrics: CoreMetrics;
}
