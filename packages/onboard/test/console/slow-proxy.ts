import { createServer, request as httpRequest } from 'node:http';

/** A proxy in front of core that holds every import request a while: a run the browser can watch. */
export interface SlowProxy {
  readonly url: string;
  /** Lets the batches held since `holdAfter` through, and every later one. */
  release(): void;
  close(): Promise<void>;
}

/**
 * Forwards every request to `target` unchanged; `POST /v1/import/...` (a batch) waits `delayMs`
 * first, and the batches after the first `holdAfter` wait until `release()`: the run stays running
 * until the test has seen it so, however slow the machine. Tests only: it slows a small run down
 * without a throttle in onboard itself.
 */
export async function startSlowProxy(target: string, delayMs: number, holdAfter: number): Promise<SlowProxy> {
  const upstream = new URL(target);
  let batches = 0;
  let held: (() => void)[] | undefined = [];
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
    if (req.method === 'POST' && req.url?.startsWith('/v1/import/')) {
      const hold = held !== undefined && ++batches > holdAfter;
      setTimeout(() => (hold && held !== undefined ? held.push(forward) : forward()), delayMs);
    } else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    release() {
      const waiting = held ?? [];
      held = undefined;
      for (const forward of waiting) forward();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
