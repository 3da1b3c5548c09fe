import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { RunStore } from '../store/run-store.ts';
import { registerConsoleApi } from './console-api.ts';
import { guardWithToken } from './console-auth.ts';
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
}

const WEB = fileURLToPath(new URL('./web/', import.meta.url));

/**
 * The console: one page (`/`), its scripts (`/app/`), the browser libraries from node_modules
 * (`/vendor/`) and a read-only JSON API over the run store (`/api/`), all behind the token.
 * No request is logged (an address may hold the token on its first visit).
 */
export async function buildConsoleApp(options: ConsoleAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(fastifyCookie);
  guardWithToken(app, options.token, options.secureCookie === true);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
  });
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
