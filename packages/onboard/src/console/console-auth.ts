import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LOCKED_CSP } from './console-headers.ts';

/**
 * The cookie a browser gets for the token: HttpOnly, SameSite=Strict, path `/`. It holds a digest
 * of the token, not the token, so a cookie seen in a browser's storage does not give the token away.
 * A console listening on a port names it `onboard_console_PORT` (see `sessionCookieName`); this
 * bare name is that of an app not listening (tests that inject requests).
 */
export const SESSION_COOKIE = 'onboard_console';

/**
 * The session cookie's name for a console listening on `port`. Browsers keep cookies by host, not
 * port: two consoles on 127.0.0.1 under one name would each overwrite the other's cookie, so that
 * signing in to one signed out of the other. One name per port keeps them apart (a console started
 * again on the same port takes its predecessor's name over, and no more names pile up).
 */
export function sessionCookieName(port: number | undefined): string {
  return port === undefined ? SESSION_COOKIE : `${SESSION_COOKIE}_${port}`;
}

/** The port `app` listens on; undefined when it does not (requests injected in tests). */
function listeningPort(app: FastifyInstance): number | undefined {
  const address = app.server.address();
  return typeof address === 'object' && address !== null ? address.port : undefined;
}

/** The cookie's value for a token. */
const sessionOf = (token: string) =>
  createHash('sha256').update(`onboard console session\0${token}`).digest('base64url');

/** A fresh random token (192 bits), for a console started without `--token`. */
export function newConsoleToken(): string {
  return randomBytes(24).toString('base64url');
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether `given` is the token (compared in constant time, whatever its length). */
function matches(given: string | undefined, token: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

const PAGE_401 = `<!doctype html><meta charset="utf-8"><title>onboard console</title>
<body style="font-family:system-ui;margin:3rem"><h1>onboard console</h1>
<p data-test="no-access">This console needs its token. Open the address <code>onboard console</code> printed when it started
(it holds <code>?token=…</code> once; the console then keeps it in a cookie and shows a clean address).</p></body>`;

/**
 * Guards every route: a request passes with the session cookie, or with `Authorization: Bearer
 * TOKEN` (for scripts). `GET /?token=TOKEN` trades the token for the cookie and redirects to `/`,
 * so the token leaves the address bar and appears in no later URL, link or Referer.
 * Anything else gets 401: JSON under `/api/`, a page that says what to do elsewhere; no data.
 */
export function guardWithToken(app: FastifyInstance, token: string, secureCookie: boolean): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const query = request.query as Record<string, unknown> | undefined;
    const offered = typeof query?.['token'] === 'string' ? query['token'] : undefined;
    if (request.method === 'GET' && request.routeOptions.url === '/' && offered !== undefined) {
      if (!matches(offered, token)) return refuse(request, reply);
      reply.setCookie(sessionCookieName(listeningPort(app)), sessionOf(token), {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookie,
      });
      return reply.redirect('/', 303);
    }
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const cookie = request.cookies[sessionCookieName(listeningPort(app))];
    if (matches(cookie, sessionOf(token)) || matches(bearer, token)) return;
    return refuse(request, reply);
  });
}

function refuse(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header('cache-control', 'no-store');
  if (request.url.startsWith('/api/'))
    return reply
      .code(401)
      .type('application/problem+json')
      .send({ status: 401, title: 'token required', detail: 'open the address onboard console printed' });
  return reply
    .code(401)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', `${LOCKED_CSP}; style-src 'unsafe-inline'`)
    .send(PAGE_401);
}
