import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

/**
 * An HTTP proxy in front of a real core that records the `Content-Type` of every import request
 * and can play an older core: with `hideImportMediaTypes`, `GET /v1/schema` answers without
 * `importMediaTypes`, as a core from before the columnar body did. With `holdImports`, every
 * import request waits for that promise before it is forwarded (a run held after its start).
 */
export interface RecordingProxy {
  readonly url: string;
  /** `Content-Type` of each `POST /v1/import/{entity}` forwarded, in order. */
  readonly importContentTypes: string[];
  close(): Promise<void>;
}

export async function startRecordingProxy(
  target: string,
  options: { readonly hideImportMediaTypes?: boolean; readonly holdImports?: Promise<unknown> } = {},
): Promise<RecordingProxy> {
  const upstream = new Pool(target, { connections: 16 });
  const importContentTypes: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const path = req.url ?? '/';
      const isImport = req.method === 'POST' && /^\/v1\/import\/[^/?]+(\?|$)/.test(path);
      if (isImport) importContentTypes.push(String(req.headers['content-type'] ?? ''));
      try {
        if (isImport) await options.holdImports;
        const answer = await upstream.request({
          method: (req.method ?? 'GET') as 'GET',
          path,
          headers: forwardable(req.headers),
          ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
        });
        let body = Buffer.from(await answer.body.arrayBuffer());
        if (
          options.hideImportMediaTypes === true &&
          path.startsWith('/v1/schema') &&
          answer.statusCode === 200
        ) {
          const { importMediaTypes: _hidden, ...older } = JSON.parse(body.toString('utf8')) as Record<
            string,
            unknown
          >;
          body = Buffer.from(JSON.stringify(older), 'utf8');
        }
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
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    importContentTypes,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await upstream.close();
    },
  };
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
