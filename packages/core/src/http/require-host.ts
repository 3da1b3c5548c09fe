import type { FastifyInstance } from 'fastify';
import { ProblemError } from './errors/problem-error.ts';

/**
 * Refuses an HTTP/1.1 request without a Host header (RFC 9112 section 3.2) with 400
 * `missing_host_header` and closes the connection, before any other hook (authentication, body
 * slots) runs. Node's parser would answer a bare 400 itself; `requireHostHeader: false` in
 * server-options.ts leaves the check to this hook. HTTP/1.0 needs no Host; an empty one is valid.
 */
export function requireHost(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const { raw } = request;
    if (raw.headers.host !== undefined) return;
    if (raw.httpVersionMajor !== 1 || raw.httpVersionMinor < 1) return;
    reply.header('connection', 'close');
    throw new ProblemError(
      'missing_host_header',
      `the request ${request.method} ${request.url.split('?')[0]} is HTTP/1.1 but has no Host header`,
    );
  });
}
