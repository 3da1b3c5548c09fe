import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ImportBatchRequest, ImportBatchResponse } from '@madeup/contract';

/** What the server does with the next request instead of answering it. */
export type Fault =
  | 'reset'
  | { readonly status: number; readonly retryAfter?: string; readonly body?: string };

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly at: number;
}

/**
 * A small HTTP server that speaks the import endpoint and injects faults from a queue: each
 * request takes the next fault (a dropped connection or an error status); when the queue is empty
 * it answers every record as `created`.
 */
export interface FaultServer {
  readonly url: string;
  readonly faults: Fault[];
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startFaultServer(): Promise<FaultServer> {
  const faults: Fault[] = [];
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, at: Date.now() });
      const fault = faults.shift();
      if (fault === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault !== undefined) {
        const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
        if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
        res
          .writeHead(fault.status, headers)
          .end(fault.body ?? JSON.stringify({ status: fault.status, code: 'fault', title: 'injected' }));
        return;
      }
      const request = JSON.parse(body) as ImportBatchRequest;
      const entity = decodeURIComponent((req.url ?? '').split('?')[0]?.split('/').pop() ?? '');
      const answer: ImportBatchResponse = {
        entity,
        source: request.source,
        dryRun: (req.url ?? '').includes('dryRun=true'),
        counts: { created: request.records.length, updated: 0, unchanged: 0, rejected: 0 },
        results: request.records.map((record) => ({
          externalId: record.externalId,
          outcome: 'created',
          contentHash: `h-${record.externalId}`,
        })),
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
