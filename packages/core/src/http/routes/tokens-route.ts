import type {} from '@fastify/swagger';
import type { CreatedToken, CreateTokenRequest, TokenInfo, TokenList } from '@madeup/contract';
import type { FastifyInstance } from 'fastify';
import type { StoredToken } from '../../catalog/catalog.ts';
import { isTenantId } from '../../catalog/tenant-id.ts';
import { generateToken, hashPrefixOfTokenId, hashToken, tokenIdOfHash } from '../../catalog/tokens.ts';
import { requireAdmin } from '../authenticate.ts';
import type { CoreContext } from '../core-context.ts';
import { ProblemError } from '../errors/problem-error.ts';

const createBody = {
  type: 'object',
  required: ['tenantId'],
  additionalProperties: false,
  properties: { tenantId: { type: ['string', 'null'], minLength: 1, maxLength: 63 } },
} as const;
const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { tenant: { type: 'string', minLength: 1, maxLength: 63 } },
} as const;

const infoOf = (token: StoredToken): TokenInfo => ({
  id: tokenIdOfHash(token.hash),
  tenantId: token.tenantId,
  createdAt: token.createdAt,
});

/**
 * Token administration, admin token only: list, create, rotate (new token, old one revoked) and
 * revoke. A revocation is immediate on this process and reaches the others sharing the catalog
 * within their token cache's TTL.
 */
export function tokensRoute(app: FastifyInstance, ctx: CoreContext): void {
  /** The stored token an id names, or 404. */
  const tokenOf = async (id: string): Promise<StoredToken> => {
    const prefix = hashPrefixOfTokenId(id);
    const found = prefix === undefined ? [] : await ctx.catalog.tokensByHashPrefix(prefix);
    const token = found[0];
    if (token === undefined || found.length > 1) throw new ProblemError('not_found', `no token ${id}`);
    return token;
  };
  const issue = async (tenantId: string | null): Promise<CreatedToken> => {
    if (tenantId !== null && (!isTenantId(tenantId) || (await ctx.catalog.getTenant(tenantId)) === undefined))
      throw new ProblemError('not_found', `no tenant ${tenantId}`);
    const token = generateToken(tenantId === null ? 'mua_' : 'mut_');
    await ctx.catalog.addToken(hashToken(token), tenantId);
    const [stored] = await ctx.catalog.tokensByHashPrefix(hashToken(token));
    return { ...infoOf(stored ?? { hash: hashToken(token), tenantId, createdAt: '' }), token };
  };
  const revoke = async (token: StoredToken): Promise<void> => {
    if (token.tenantId === null && (await ctx.catalog.listTokens(null)).length <= 1)
      throw new ProblemError('last_admin_token', 'create another admin token before revoking the last one');
    await ctx.catalog.deleteToken(token.hash);
    ctx.tokens.forget(token.hash);
  };

  app.get<{ Querystring: { tenant?: string } }>(
    '/v1/tokens',
    { schema: { tags: ['tokens'], summary: 'List tokens (admin)', querystring: listQuery } },
    async (request): Promise<TokenList> => {
      await requireAdmin(ctx, request);
      const tokens = await ctx.catalog.listTokens(request.query.tenant);
      return { tokens: tokens.map(infoOf) };
    },
  );
  app.post<{ Body: CreateTokenRequest }>(
    '/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create a token for a tenant, or an admin token (admin)',
        body: createBody,
      },
    },
    async (request, reply) => {
      await requireAdmin(ctx, request);
      return reply.code(201).send(await issue(request.body.tenantId));
    },
  );
  app.post<{ Params: { id: string } }>(
    '/v1/tokens/:id/rotate',
    { schema: { tags: ['tokens'], summary: 'Replace a token by a new one for the same owner (admin)' } },
    async (request, reply) => {
      await requireAdmin(ctx, request);
      const old = await tokenOf(request.params.id);
      const created = await issue(old.tenantId);
      await revoke(old);
      return reply.code(201).send({ ...created, replaced: tokenIdOfHash(old.hash) });
    },
  );
  app.delete<{ Params: { id: string } }>(
    '/v1/tokens/:id',
    { schema: { tags: ['tokens'], summary: 'Revoke a token (admin)' } },
    async (request, reply) => {
      await requireAdmin(ctx, request);
      await revoke(await tokenOf(request.params.id));
      return reply.code(204).send();
    },
  );
}
