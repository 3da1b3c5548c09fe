import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';

/** What the proxy does with one request instead of forwarding it. */
export type ProxyFault = 'reset' | { readonly status: number; readonly retryAfter?: string };

/**
 * An HTTP proxy in front of a real core that can drop connections, answer 429/503 instead of
 * core, slow every request down, or hold core's answer (to kill its client meanwhile), to test
 * the loader's retries and resumes end to end.
 */
export interface FaultProxy {
  readonly url: string;
  /** Decides each request's fate by its 0-based index; undefined forwards it. */
  decide: (index: number, method: string, url: string) => ProxyFault | undefined;
  /** Called once core has answered a forwarded request, before the answer is passed on. */
  answered: (index: number, method: string, url: string) => Promise<void> | void;
  /** Added latency per forwarded request, in ms. */
  delayMs: number;
  /** Requests seen, faults injected. */
  readonly stats: { requests: number; faults: number };
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new Pool(target, { connections: 16 });
  const proxy: FaultProxy = {
    url: '',
    decide: () => undefined,
    answered: () => undefined,
    delayMs: 0,
    stats: { requests: 0, faults: 0 },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await upstream.close();
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const index = proxy.stats.requests++;
      const fault = proxy.decide(index, req.method ?? 'GET', req.url ?? '/');
      if (fault !== undefined) proxy.stats.faults += 1;
      if (fault === 'reset') return void req.socket.destroy();
      if (fault !== undefined) {
        const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
        if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
        return void res
          .writeHead(fault.status, headers)
          .end('{"code":"injected","status":503,"title":"injected"}');
      }
      if (proxy.delayMs > 0) await sleep(proxy.delayMs);
      try {
        const answer = await upstream.request({
          method: (req.method ?? 'GET') as 'GET',
          path: req.url ?? '/',
          headers: forwardable(req.headers),
          ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
        });
        const body = Buffer.from(await answer.body.arrayBuffer());
        await proxy.answered(index, req.method ?? 'GET', req.url ?? '/');
        res.writeHead(answer.statusCode, {
          'content-type': String(answer.headers['content-type'] ?? 'application/json'),
        });
        res.end(body);
      } catch {
        if (!res.headersSent) res.writeHead(502).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (proxy as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

function forwardable(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || ['host', 'connection', 'content-length', 'keep-alive'].includes(name))
      continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
