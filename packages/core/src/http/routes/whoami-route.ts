import type {} from '@fastify/swagger';
import type { WhoAmI } from '@madeup/contract';
import type { FastifyInstance } from 'fastify';
import { hashToken, tokenIdOfHash } from '../../catalog/tokens.ts';
import { authenticate } from '../authenticate.ts';
import type { CoreContext } from '../core-context.ts';
import { bearerToken } from '../token-resolver.ts';

/** `GET /v1/whoami`: the caller's tenant (or admin) and a non-secret id of its token. */
export function whoamiRoute(app: FastifyInstance, ctx: CoreContext): void {
  app.get(
    '/v1/whoami',
    { schema: { tags: ['tenants'], summary: 'Who the bearer token is: its tenant and token id' } },
    async (request): Promise<WhoAmI> => {
      const principal = await authenticate(ctx, request);
      const tokenId = tokenIdOf(bearerToken(request.headers.authorization) ?? '');
      return principal.kind === 'tenant'
        ? { kind: 'tenant', tenantId: principal.tenantId, tokenId }
        : { kind: 'admin', tokenId };
    },
  );
}

/** The first 16 hex digits of the token's stored hash: names a token without revealing it. */
function tokenIdOf(token: string): string {
  return tokenIdOfHash(hashToken(token));
}
