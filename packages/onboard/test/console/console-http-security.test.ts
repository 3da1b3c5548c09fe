import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsoleApp } from '../../src/console/console-app.ts';
import { LOOPBACK_HOSTS } from '../../src/console/console-origin.ts';
import { startConsole } from '../../src/console/start-console.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import type { RunStore } from '../../src/store/run-store.ts';
import { createCustomerRun, customerBatch } from '../support/store-fixtures.ts';

const TOKEN = 'http-security-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
/** What the console's own answers carry on light-my-request's default `Host`. */
const HOST = 'localhost:80';

/**
 * The concrete addresses of the app's routes, from Fastify's route tree (so a route added later is
 * covered too): `:id` is run-a, `:tenant` acme; the static wildcard stands for one script and one library.
 */
function routeUrls(app: FastifyInstance): string[] {
  const paths: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)(?:[├└]── )?(\S+)(?: \((.+)\))?$/.exec(line);
    if (match === null) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    if (match[3]?.includes('GET')) paths.push(stack.join(''));
  }
  return paths.flatMap((path) =>
    path.endsWith('*')
      ? ['/app/main.js', '/app/style.css', '/vendor/preact/dist/preact.mjs', '/vendor/chart.js/dist/chart.js']
      : [path.replace(':id', 'run-a').replace(':tenant', 'acme')],
  );
}

describe('console over HTTP: auth on every route, headers, hosts and origins, static paths', () => {
  let dir: string;
  let store: RunStore;
  let app: FastifyInstance;
  let urls: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-console-http-'));
    store = await openRunStore(join(dir, 'runs.sqlite'));
    await createCustomerRun(store, 'run-a', {}, 1);
    await store.setRunTenant('run-a', 'acme');
    await store.recordBatch(customerBatch('run-a', 'customer#0', 0, ['1'], 'c-9'));
    app = await buildConsoleApp({ store, token: TOKEN, allowedHosts: LOOPBACK_HOSTS });
    await app.ready();
    urls = routeUrls(app);
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('every route, the streamed CSV and the static files included, answers 200 with the token and 401 without', async () => {
    expect(urls).toEqual(
      expect.arrayContaining([
        '/',
        '/api/runs',
        '/api/runs/run-a/rejections.csv',
        '/api/tenants/acme/runs',
        '/app/main.js',
      ]),
    );
    for (const url of urls)
      for (const method of ['GET', 'HEAD'] as const) {
        expect({ method, url, ok: (await app.inject({ method, url, headers: auth })).statusCode }).toEqual({
          method,
          url,
          ok: 200,
        });
        for (const headers of [
          {},
          { authorization: 'Bearer wrong-token-0123456789' },
          { cookie: `onboard_console=${TOKEN}` },
        ]) {
          const refused = await app.inject({ method, url, headers });
          expect({ method, url, status: refused.statusCode }).toEqual({ method, url, status: 401 });
          expect(refused.body).not.toContain('c-9');
        }
      }
  });

  it('no route changes anything: every other method is 404, with the token too', async () => {
    for (const url of urls)
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const)
        expect({
          method,
          url,
          status: (await app.inject({ method, url, headers: auth })).statusCode,
        }).toEqual({
          method,
          url,
          status: 404,
        });
  });

  it('every kind of answer carries the security headers; the API and the page are not cached', async () => {
    const answers: [string, LightMyRequestResponse][] = [];
    for (const url of [...urls, '/nope', '/api/runs/nope'])
      answers.push([url, await app.inject({ url, headers: auth })]);
    answers.push(['401 page', await app.inject({ url: '/' })]);
    answers.push(['401 api', await app.inject({ url: '/api/runs' })]);
    answers.push(['421', await app.inject({ url: '/', headers: { ...auth, host: 'evil.example' } })]);
    for (const [url, answer] of answers) {
      expect({ url, ...answer.headers }).toMatchObject({
        url,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
        'cross-origin-resource-policy': 'same-origin',
        'cross-origin-opener-policy': 'same-origin',
        'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
      });
      const csp = String(answer.headers['content-security-policy']);
      expect(csp, url).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
      if (url === '/' || url.startsWith('/api/') || url.startsWith('401'))
        expect({ url, cache: answer.headers['cache-control'] }).toEqual({ url, cache: 'no-store' });
    }
    // Only the page may run scripts: its own, and its import map by hash.
    const page = answers.find(([url]) => url === '/')?.[1];
    expect(page?.headers['content-security-policy']).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+';/);
    expect(answers.find(([url]) => url === '/api/runs')?.[1].headers['content-security-policy']).toContain(
      "default-src 'none'",
    );
  });

  it('a Host other than a loopback name is refused before the token is looked at (DNS rebinding)', async () => {
    for (const host of ['localhost:4410', '127.0.0.1:4410', '[::1]:4410', 'LOCALHOST'])
      expect({
        host,
        status: (await app.inject({ url: '/api/runs', headers: { ...auth, host } })).statusCode,
      }).toEqual({
        host,
        status: 200,
      });
    for (const host of [
      'evil.example:4410',
      'evil.example',
      '127.0.0.1.evil.example',
      'localhost.evil.example:80',
    ])
      for (const url of ['/api/runs', `/?token=${TOKEN}`]) {
        const refused = await app.inject({ url, headers: { ...auth, host } });
        expect({ host, url, status: refused.statusCode }).toEqual({ host, url, status: 421 });
        expect(refused.headers['set-cookie']).toBeUndefined();
        expect(refused.body).not.toContain('run-a');
      }
  });

  it("a request sent by a page of another origin is refused (CSRF); the console's own origin passes", async () => {
    const own = await app.inject({
      url: '/api/runs',
      headers: { ...auth, origin: `http://${HOST.replace(':80', '')}` },
    });
    expect(own.statusCode).toBe(200);
    for (const origin of ['http://evil.example', 'null', 'http://localhost:81', 'file://'])
      for (const method of ['GET', 'POST'] as const) {
        const refused = await app.inject({ method, url: '/api/runs', headers: { ...auth, origin } });
        expect({ origin, method, status: refused.statusCode }).toEqual({ origin, method, status: 403 });
      }
  });

  it('the token appears in no answer and is taken from no address but the first visit to /', async () => {
    const traded = await app.inject({ url: `/?token=${TOKEN}` });
    expect(traded.statusCode).toBe(303);
    expect(traded.headers).toMatchObject({
      location: '/',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    for (const url of [
      `/api/runs?token=${TOKEN}`,
      `/app/main.js?token=${TOKEN}`,
      `/api/runs/run-a/rejections.csv?token=${TOKEN}`,
    ]) {
      const answer = await app.inject({ url });
      expect({ url, status: answer.statusCode }).toEqual({ url, status: 401 });
      expect(answer.body).not.toContain(TOKEN);
    }
    for (const url of urls) expect((await app.inject({ url, headers: auth })).body, url).not.toContain(TOKEN);
  });

  it('static paths do not leave their folders: traversal, encoded or not, finds nothing', async () => {
    for (const url of [
      '/app/../console-auth.ts',
      '/app/%2e%2e/console-auth.ts',
      '/app/..%2fconsole-auth.ts',
      '/app/%2e%2e%2fconsole-auth.ts',
      '/app/%5c..%5cconsole-auth.ts',
      '/app/....//console-auth.ts',
      '/vendor/preact/../../package.json',
      '/vendor/preact/%2e%2e/%2e%2e/%2e%2e/package.json',
      '/vendor/preact/..%2f..%2f..%2fpackages%2fonboard%2fsrc%2fconsole%2fconsole-auth.ts',
      '/vendor/preact/dist/..%2f..%2fhtm/dist/htm.mjs',
      '/vendor/preact/package.json',
      '/vendor/preact/dist/preact.mjs%00.json',
      '/vendor/preact/dist/preact.mjs.map',
      '/vendor/chart.js/%2e%2e/%2e%2e/package-lock.json',
      '/app/',
      '/vendor/preact/',
    ]) {
      const answer = await app.inject({ url, headers: auth });
      expect({ url, status: answer.statusCode }).toEqual({
        url,
        status: expect.toSatisfy((s: number) => s >= 400 && s < 500),
      });
      expect(answer.body, url).not.toMatch(
        /timingSafeEqual|"dependencies"|"lockfileVersion"|export\{|sourceMappingURL|"mappings"/,
      );
    }
  });

  it('a console on a loopback address refuses another Host over the network; one on 0.0.0.0 takes any name', async () => {
    /** Status of GET /api/runs sent to `url` with `host` as its Host header. */
    const statusAt = (url: string, host: string) =>
      new Promise<number | undefined>((resolve, reject) => {
        const { hostname, port } = new URL(url);
        const request = httpRequest(
          { hostname, port, path: '/api/runs', headers: { ...auth, host } },
          (answer) => {
            answer.resume();
            resolve(answer.statusCode);
          },
        );
        request.on('error', reject);
        request.end();
      });
    const local = await startConsole({ store, token: TOKEN, host: '127.0.0.1', port: 0 });
    const open = await startConsole({ store, token: TOKEN, host: '0.0.0.0', port: 0 });
    try {
      const port = new URL(local.url).port;
      expect(await statusAt(local.url, `127.0.0.1:${port}`)).toBe(200);
      expect(await statusAt(local.url, `localhost:${port}`)).toBe(200);
      expect(await statusAt(local.url, `rebound.evil.example:${port}`)).toBe(421);
      expect(await statusAt(open.url.replace('0.0.0.0', '127.0.0.1'), 'console.example.com')).toBe(200);
    } finally {
      await local.close();
      await open.close();
    }
  });
});
