import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The names a console bound to a loopback address answers to (besides the address itself). */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'] as const;

/** Whether `host` (a `--host` value) is a loopback address or name. */
export function isLoopback(host: string): boolean {
  return /^127(\.\d{1,3}){3}$/.test(host) || host === '::1' || host === 'localhost';
}

/** The host name of a `Host` header (`[::1]:4410` -> `[::1]`), lower case. */
function hostName(header: string): string {
  const name = header.startsWith('[')
    ? header.slice(0, header.indexOf(']') + 1)
    : header.replace(/:\d*$/, '');
  return name.toLowerCase();
}

/** The `host[:port]` of an origin (the default port dropped); undefined for `null` or anything not a URL. */
function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

function refuse(reply: FastifyReply, status: number, title: string, detail: string): FastifyReply {
  return reply.code(status).type('application/problem+json').send({ status, title, detail });
}

/**
 * Refuses requests from elsewhere, before the token is looked at:
 * - with `hosts`, a `Host` header naming another host gets 421: a page of another site whose name
 *   was made to resolve to 127.0.0.1 (DNS rebinding) reaches the console only under its own name;
 * - an `Origin` header naming another host (or `null`) gets 403 (the scheme is not compared: behind
 *   a TLS proxy the console sees plain HTTP): no page of another origin may send
 *   the console a request in the person's name (the API has no state-changing route; this keeps it so
 *   for any it gains).
 */
export function guardOrigin(app: FastifyInstance, hosts: readonly string[] | undefined): void {
  const allowed = hosts === undefined ? undefined : new Set(hosts.map((h) => h.toLowerCase()));
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const host = request.headers.host ?? '';
    if (allowed !== undefined && !allowed.has(hostName(host)))
      return refuse(
        reply,
        421,
        'unknown host',
        `this console answers only to ${[...allowed].join(', ')}: open it at the address it printed`,
      );
    const origin = request.headers.origin;
    if (origin !== undefined && originHost(origin) !== originHost(`http://${host}`))
      return refuse(reply, 403, 'cross-origin request', 'the console answers only its own pages');
  });
}
