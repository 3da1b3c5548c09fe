import type { Catalog } from '../catalog/catalog.ts';
import { hashToken } from '../catalog/tokens.ts';

/** Who a token belongs to. */
export type Principal = { readonly kind: 'admin' } | { readonly kind: 'tenant'; readonly tenantId: string };

const TTL_MS = 30_000;
const MAX_CACHED = 10_000;

/** Resolves bearer tokens through the catalog, caching hits briefly (keyed by hash, never the token). */
export class TokenResolver {
  readonly #catalog: Catalog;
  readonly #cache = new Map<string, { principal: Principal | undefined; until: number }>();

  constructor(catalog: Catalog) {
    this.#catalog = catalog;
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
    if (principal !== undefined) this.#cache.set(hash, { principal, until: Date.now() + TTL_MS });
    return principal;
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
