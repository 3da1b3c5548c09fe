import type { FastifyInstance } from 'fastify';
import { ProblemError } from './errors/problem-error.ts';

/**
 * A Host value as RFC 9112 section 3.2 allows it: `uri-host [ ":" port ]`, where the host is an
 * IP literal in brackets or a reg-name (unreserved, percent-encoded and sub-delims characters, also
 * covering IPv4 addresses), and the port digits only. Empty is valid (a request for no host).
 */
const HOST_VALUE = /^(?:\[[0-9A-Fa-f:.vV]+\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)(?::[0-9]*)?$/;

/**
 * Refuses a request whose Host header breaks RFC 9112 section 3.2, before any other hook
 * (authentication, body slots) runs, and closes the connection:
 *
 * - an HTTP/1.1 request without one: 400 `missing_host_header` (HTTP/1.0 needs none);
 * - any request with more than one Host line (Node.js keeps the first and drops the rest, while a
 *   proxy in front may have routed by another) or with a value that is no `host[:port]`: 400
 *   `invalid_header`.
 *
 * Node's parser would answer a missing Host with a bare 400 itself; `requireHostHeader: false` in
 * server-options.ts leaves the check to this hook.
 */
export function requireHost(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const { raw } = request;
    const target = `${request.method} ${request.url.split('?')[0]}`;
    const lines = hostLines(raw.rawHeaders);
    if (lines === 0) {
      if (raw.httpVersionMajor !== 1 || raw.httpVersionMinor < 1) return;
      reply.header('connection', 'close');
      throw new ProblemError(
        'missing_host_header',
        `the request ${target} is HTTP/1.1 but has no Host header`,
      );
    }
    if (lines > 1) {
      reply.header('connection', 'close');
      throw new ProblemError(
        'invalid_header',
        `the request ${target} has ${lines} Host header lines; HTTP allows exactly one (RFC 9112, section 3.2)`,
      );
    }
    const host = raw.headers.host ?? '';
    if (!HOST_VALUE.test(host)) {
      reply.header('connection', 'close');
      throw new ProblemError(
        'invalid_header',
        `the Host header of the request ${target} is not host[:port] (RFC 9112, section 3.2): ${JSON.stringify(host.slice(0, 100))}`,
      );
    }
  });
}

/** How many Host lines the request has (`rawHeaders` keeps every line, names as sent). */
function hostLines(rawHeaders: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]?.toLowerCase() === 'host') n++;
  return n;
}
