import type { FastifyRequest } from 'fastify';
import type { CoreContext } from './core-context.ts';
import { ProblemError } from './errors/problem-error.ts';
import { bearerToken, type Principal } from './token-resolver.ts';

const principals = new WeakMap<FastifyRequest, Promise<Principal>>();

/**
 * The caller of a request, or 401. Resolved once per request: `guardBodies` resolves it before
 * the body is read, and the route's own call gets the same answer.
 */
export function authenticate(ctx: CoreContext, request: FastifyRequest): Promise<Principal> {
  let principal = principals.get(request);
  if (principal === undefined) {
    principal = resolvePrincipal(ctx, request);
    principals.set(request, principal);
  }
  return principal;
}

async function resolvePrincipal(ctx: CoreContext, request: FastifyRequest): Promise<Principal> {
  // Node.js keeps the first of repeated Authorization lines; a proxy in front may read another.
  if (authorizationLines(request.raw.rawHeaders) > 1)
    throw new ProblemError('unauthorized', 'send one Authorization header, not several');
  const token = bearerToken(request.headers.authorization);
  if (token === undefined) throw new ProblemError('unauthorized', 'send Authorization: Bearer <token>');
  const principal = await ctx.tokens.resolve(token);
  if (principal === undefined) throw new ProblemError('unauthorized', 'unknown token');
  return principal;
}

/** How many Authorization lines the request carried (`rawHeaders` alternates names and values). */
function authorizationLines(rawHeaders: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]?.toLowerCase() === 'authorization') n++;
  return n;
}

/** The caller's tenant id; admin tokens get 403 on tenant routes. */
export async function tenantOf(ctx: CoreContext, request: FastifyRequest): Promise<string> {
  const principal = await authenticate(ctx, request);
  if (principal.kind !== 'tenant') throw new ProblemError('forbidden', 'this route needs a tenant token');
  return principal.tenantId;
}

/** 403 unless the caller holds the admin token. */
export async function requireAdmin(ctx: CoreContext, request: FastifyRequest): Promise<void> {
  const principal = await authenticate(ctx, request);
  if (principal.kind !== 'admin') throw new ProblemError('forbidden', 'this route needs the admin token');
}
