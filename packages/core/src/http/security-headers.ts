import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The usual security headers of an API (through @fastify/helmet): `nosniff`, no framing, no
 * referrer, HSTS, a CSP that allows nothing (the Swagger UI under /docs sets its own), and
 * `Cache-Control: no-store` on every response, so tokens and tenant data never sit in a cache.
 */
export async function securityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
