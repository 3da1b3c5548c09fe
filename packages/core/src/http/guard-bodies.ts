import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate } from './authenticate.ts';
import type { BodyLimiter } from './body-limiter.ts';
import type { CoreContext } from './core-context.ts';

/** Whether a request announces a body (a length above 0, or a chunked one). */
function carriesBody(request: FastifyRequest): boolean {
  const { headers } = request;
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/**
 * Before any byte of a body is read (an `onRequest` hook runs ahead of the content-type parser):
 * the caller must hold a valid token (else 401), and a body slot of `limiter` (else 429/503).
 * A refused request's connection is closed, so its unread body is never received; the slot is
 * freed when the response ends or the connection drops. Together with the request timeout this
 * bounds what slow or anonymous uploads can hold.
 */
export function guardBodies(app: FastifyInstance, ctx: CoreContext, limiter: BodyLimiter): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!carriesBody(request)) return;
    try {
      const principal = await authenticate(ctx, request);
      const release = limiter.acquire(principal.kind === 'admin' ? 'admin' : `tenant:${principal.tenantId}`);
      ctx.metrics.bodiesInFlight.inc();
      reply.raw.once('close', () => {
        release();
        ctx.metrics.bodiesInFlight.dec();
      });
    } catch (error) {
      reply.header('connection', 'close');
      throw error;
    }
  });
}
