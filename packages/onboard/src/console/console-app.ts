import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { RunStore } from '../store/run-store.ts';
import { registerConsoleApi } from './console-api.ts';
import { guardWithToken } from './console-auth.ts';
import { addSecurityHeaders } from './console-headers.ts';
import { guardOrigin } from './console-origin.ts';
import { consolePage } from './console-page.ts';
import { vendorPackages } from './vendor-assets.ts';

/** What the console app serves from. */
export interface ConsoleAppOptions {
  readonly store: RunStore;
  /** Every request needs it (see `guardWithToken`). */
  readonly token: string;
  /** Core's base URL, for the link and the health line; optional. */
  readonly coreUrl?: string;
  /** Mark the cookie `Secure` (when served over HTTPS behind a proxy). */
  readonly secureCookie?: boolean;
  /**
   * The host names requests may address (`Host` header, port aside); any other is refused (see
   * `guardOrigin`). Undefined: any name (a console bound to a public address).
   */
  readonly allowedHosts?: readonly string[];
}

const WEB = fileURLToPath(new URL('./web/', import.meta.url));

/**
 * The console: one page (`/`), its scripts (`/app/`), the browser libraries from node_modules
 * (`/vendor/`) and a read-only JSON API over the run store (`/api/`), all behind the token.
 * Requests addressed to another host or sent by another origin are refused before the token is
 * looked at. No request is logged (an address may hold the token on its first visit).
 */
export async function buildConsoleApp(options: ConsoleAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(fastifyCookie);
  addSecurityHeaders(app);
  guardOrigin(app, options.allowedHosts);
  guardWithToken(app, options.token, options.secureCookie === true);
  await app.register(fastifyStatic, { root: WEB, prefix: '/app/', index: false, cacheControl: false });
  for (const pkg of vendorPackages()) {
    await app.register(fastifyStatic, {
      root: pkg.dir,
      prefix: pkg.prefix,
      decorateReply: false,
      index: false,
      allowedPath: (path) => /\.(m?js|css)$/.test(path),
    });
  }
  const page = consolePage();
  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', page.csp)
      .header('cache-control', 'no-store')
      .send(page.html),
  );
  registerConsoleApi(app, options.store, options.coreUrl);
  return app;
}
