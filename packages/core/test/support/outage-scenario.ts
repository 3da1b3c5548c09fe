import type { ImportRecord } from '@madeup/contract';
import type { PrivateServer, StopMode } from '@madeup/testkit';
import { type ApiResponse, apiClient } from './api-client.ts';
import { type LoadReport, loadWithRetries } from './retrying-loader.ts';
import { customer } from './sample-records.ts';

/** `count` batches of `size` customers with distinct external ids. */
export function customerBatches(count: number, size: number): ImportRecord[][] {
  return Array.from({ length: count }, (_, b) =>
    Array.from({ length: size }, (_, n) => customer(`c${b * size + n}`, { company: `Co ${b}` })),
  );
}

/** What happened while a server was down under import load. */
export interface OutageOutcome {
  /** The retrying loaders' answers over the whole run. */
  readonly report: LoadReport;
  /** An import sent while the server was down. */
  readonly during: ApiResponse<{ code?: string }>;
}

/**
 * Imports `batches` into source `crm` with 6 retrying loaders; after 5 batches were accepted,
 * stops `server` (`mode`), sends one more import, waits a second and starts the server again; then
 * waits for the loaders to finish.
 */
export async function importThroughOutage(options: {
  readonly url: string;
  readonly token: string;
  readonly server: PrivateServer;
  readonly mode: StopMode;
  readonly batches: readonly (readonly ImportRecord[])[];
}): Promise<OutageOutcome> {
  let done = 0;
  let reached: () => void = () => {};
  const fifthDone = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const load = loadWithRetries({
    url: options.url,
    token: options.token,
    entity: 'customers',
    source: 'crm',
    batches: options.batches,
    concurrency: 6,
    onBatchDone: () => {
      done += 1;
      if (done === 5) reached();
    },
  });
  // A load that fails before its fifth batch must fail the test, not leave it waiting.
  await Promise.race([fifthDone, load]);
  await options.server.stop(options.mode);
  let during: ApiResponse<{ code?: string }>;
  try {
    during = await apiClient(options.url, options.token).post<{ code?: string }>('/v1/import/customers', {
      source: 'probe',
      records: [customer('p')],
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
  } finally {
    await options.server.start();
  }
  return { report: await load, during };
}
