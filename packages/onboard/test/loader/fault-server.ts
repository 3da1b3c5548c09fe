import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ImportBatchRequest, ImportBatchResponse } from '@madeup/contract';

/** What the server does with the next request instead of answering it. */
export type Fault =
  | 'reset'
  | 'hang'
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
  /** When set, decides each request's fault (before the queue is consulted). */
  decide: ((request: SeenRequest, index: number) => Fault | undefined) | undefined;
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
      const request: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        at: Date.now(),
      };
      seen.push(request);
      const fault = handle.decide?.(request, seen.length - 1) ?? faults.shift();
      if (fault === 'hang') return;
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
      const batch = JSON.parse(body) as ImportBatchRequest;
      const entity = decodeURIComponent((req.url ?? '').split('?')[0]?.split('/').pop() ?? '');
      const answer: ImportBatchResponse = {
        entity,
        source: batch.source,
        dryRun: (req.url ?? '').includes('dryRun=true'),
        counts: { created: 0, updated: 0, unchanged: 0, rejected: 0 },
        results: batch.records.map((record) =>
          record.fields['reject'] === true
            ? {
                externalId: record.externalId,
                outcome: 'rejected' as const,
                errors: [{ field: 'fields.reject', code: 'invalid_format', message: 'asked to reject' }],
              }
            : {
                externalId: record.externalId,
                outcome: 'created' as const,
                contentHash: `h-${record.externalId}`,
              },
        ),
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handle: FaultServer = {
    url: `http://127.0.0.1:${port}`,
    faults,
    seen,
    decide: undefined,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return handle;
}
