import { createServer, request as httpRequest } from 'node:http';

/** A proxy in front of core that holds every import request a while: a run the browser can watch. */
export interface SlowProxy {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Forwards every request to `target` unchanged; `POST /v1/import/...` (a batch) waits `delayMs`
 * first. Tests only: it slows a small run down to seconds without a throttle in onboard itself.
 */
export async function startSlowProxy(target: string, delayMs: number): Promise<SlowProxy> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const forward = () => {
      const out = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      req.pipe(out);
    };
    if (req.method === 'POST' && req.url?.startsWith('/v1/import/')) setTimeout(forward, delayMs);
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
