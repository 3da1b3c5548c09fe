import { hash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from './core-context.ts';
import { ProblemError } from './errors/problem-error.ts';
import { rawJsonBody } from './raw-json-body.ts';

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Runs `work` once per `Idempotency-Key` (per tenant): a retry with the same key and the same
 * request gets the stored response; the same key with a different request gets 422.
 */
export async function idempotent<T>(
  ctx: CoreContext,
  tenantId: string,
  request: FastifyRequest,
  reply: FastifyReply,
  work: () => Promise<T>,
): Promise<T> {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return work();
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined || !KEY.test(key))
    throw new ProblemError('invalid_request', 'Idempotency-Key must be 1..200 printable ASCII characters');
  // The body as received: a retry must resend the same bytes (a client's serialiser is stable).
  const body = rawJsonBody(request) ?? JSON.stringify(request.body);
  const requestHash = hash('sha256', `${request.method} ${request.url}\n${body}`, 'hex');
  const stored = await ctx.catalog.getIdempotent(tenantId, key);
  if (stored !== undefined) {
    if (stored.requestHash !== requestHash)
      throw new ProblemError(
        'idempotency_key_reused',
        'this Idempotency-Key was sent with a different request',
      );
    reply.header('idempotent-replayed', 'true');
    return JSON.parse(stored.response) as T;
  }
  const response = await work();
  await ctx.catalog.putIdempotent(tenantId, key, requestHash, JSON.stringify(response));
  return response;
}
