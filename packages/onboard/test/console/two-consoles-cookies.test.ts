import { mkdtemp, rm } from 'node:fs/promises';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../src/console/start-console.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import type { RunStore } from '../../src/store/run-store.ts';
import { createCustomerRun } from '../support/store-fixtures.ts';

/**
 * A cookie jar as browsers keep one (RFC 6265 section 8.5): cookies belong to a host, whatever its
 * port, so every console on 127.0.0.1 sees every cookie set by any of them, and a cookie set under
 * a name already held replaces it.
 */
class HostCookieJar {
  readonly #byHost = new Map<string, Map<string, string>>();

  /** GET `url` with the host's cookies, keeping those it sets; no redirect is followed. */
  async get(url: string): Promise<{ status: number; body: string }> {
    const { hostname } = new URL(url);
    const cookies = this.#byHost.get(hostname) ?? new Map<string, string>();
    const header = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    // A new connection each time (no agent): a console closed and started again on its port is new.
    const response = await new Promise<IncomingMessage>((resolve, reject) =>
      httpGet(url, { agent: false, headers: header ? { cookie: header } : {} }, resolve).on('error', reject),
    );
    let body = '';
    for await (const chunk of response) body += String(chunk);
    for (const line of response.headers['set-cookie'] ?? []) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    this.#byHost.set(hostname, cookies);
    return { status: response.statusCode ?? 0, body };
  }

  names(host: string): string[] {
    return [...(this.#byHost.get(host)?.keys() ?? [])];
  }
}

/**
 * Two consoles on 127.0.0.1, on two ports, over two run stores with two tokens: signed in to both
 * in one browser, each keeps answering (one cookie name per console, not one for the host).
 */
describe('two consoles on one host, two ports', () => {
  let dir = '';
  const stores: RunStore[] = [];
  const consoles: RunningConsole[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-two-consoles-'));
    for (const [i, token] of [
      'first-console-token-0123456789',
      'second-console-token-0123456789',
    ].entries()) {
      const store = await openRunStore(join(dir, `runs-${i}.sqlite`));
      stores.push(store);
      await createCustomerRun(store, `run-of-store-${i}`, {}, 1);
      consoles.push(await startConsole({ store, token, host: '127.0.0.1', port: 0 }));
    }
  });
  afterAll(async () => {
    for (const web of consoles) await web.close();
    for (const store of stores) await store.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('signing in to the second does not sign out of the first: both answer, each with its own runs', async () => {
    const [first, second] = consoles;
    if (first === undefined || second === undefined) throw new Error('two consoles expected');
    expect(new URL(first.url).port).not.toBe(new URL(second.url).port);
    const jar = new HostCookieJar();
    for (const web of [first, second]) {
      const signIn = await jar.get(web.openUrl);
      expect(signIn.status).toBe(303);
      expect((await jar.get(`${web.url}api/runs`)).status).toBe(200);
    }
    for (const [i, web] of [first, second].entries()) {
      const runs = await jar.get(`${web.url}api/runs`);
      expect({ console: i, status: runs.status }).toEqual({ console: i, status: 200 });
      expect(runs.body).toContain(`run-of-store-${i}`);
      expect((await jar.get(web.url)).status).toBe(200);
    }
    // One cookie per console in the host's jar: neither replaced the other's.
    expect(jar.names('127.0.0.1')).toHaveLength(2);
    // And again after signing in to the first once more.
    await jar.get(first.openUrl);
    expect((await jar.get(`${second.url}api/runs`)).status).toBe(200);
  });

  it('a console started again on the same port takes the same cookie name over: no name piles up', async () => {
    const jar = new HostCookieJar();
    const old = consoles[0];
    if (old === undefined) throw new Error('a console expected');
    const port = Number(new URL(old.url).port);
    await jar.get(old.openUrl);
    await old.close();
    const again = await startConsole({
      store: stores[0] as RunStore,
      token: 'restarted-console-token-0123456789',
      host: '127.0.0.1',
      port,
    });
    consoles[0] = again;
    expect((await jar.get(`${again.url}api/runs`)).status).toBe(401);
    await jar.get(again.openUrl);
    expect((await jar.get(`${again.url}api/runs`)).status).toBe(200);
    expect(jar.names('127.0.0.1')).toHaveLength(1);
  });
});
