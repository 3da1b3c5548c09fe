import type { Catalog } from '../catalog/catalog.ts';
import { hashToken } from '../catalog/tokens.ts';

/** Who a token belongs to. */
export type Principal = { readonly kind: 'admin' } | { readonly kind: 'tenant'; readonly tenantId: string };

const MAX_CACHED = 10_000;

/**
 * Resolves bearer tokens through the catalog, caching hits for `ttlMs` (keyed by hash, never the
 * token). A token revoked through this process is forgotten at once; one revoked through another
 * process sharing the catalog stops here within `ttlMs` (MADEUP_TOKEN_CACHE_MS, 2 s by default).
 */
export class TokenResolver {
  readonly #catalog: Catalog;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, { principal: Principal; until: number }>();

  constructor(catalog: Catalog, ttlMs: number) {
    this.#catalog = catalog;
    this.#ttlMs = ttlMs;
  }

  async resolve(token: string): Promise<Principal | undefined> {
    const hash = hashToken(token);
    const cached = this.#cache.get(hash);
    if (cached !== undefined && cached.until > Date.now()) return cached.principal;
    const owner = await this.#catalog.tokenOwner(hash);
    const principal: Principal | undefined =
      owner === undefined
        ? undefined
        : owner === null
          ? { kind: 'admin' }
          : { kind: 'tenant', tenantId: owner };
    if (this.#cache.size >= MAX_CACHED) this.#cache.clear();
    if (principal === undefined) this.#cache.delete(hash);
    else if (this.#ttlMs > 0) this.#cache.set(hash, { principal, until: Date.now() + this.#ttlMs });
    return principal;
  }

  /** Drops a token (by its stored hash) from the cache: for revocations made by this process. */
  forget(hash: string): void {
    this.#cache.delete(hash);
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
