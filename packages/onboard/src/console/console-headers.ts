import type { FastifyInstance } from 'fastify';

/**
 * The policy of every answer that does not bring its own (the page sets one allowing its scripts):
 * nothing may load, run or frame it. JSON, CSV and scripts need none of it.
 */
export const LOCKED_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Security headers on every answer of the console (the page, its scripts, the libraries, the API,
 * the 401 and 404 answers): no MIME sniffing, no Referer, no framing, no use from another origin
 * (scripts, JSON and CSV cannot be embedded by another site, the window not reached by one it opened),
 * a Content-Security-Policy (`LOCKED_CSP` unless the answer set its own) and no caching unless the
 * answer says otherwise (the API's JSON holds the customer's data).
 */
export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', LOCKED_CSP);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
}
