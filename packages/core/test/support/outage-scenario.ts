import type { ImportRecord, SourceStats } from '@madeup/contract';
import type { PrivateServer, StopMode } from '@madeup/testkit';
import { expect } from 'vitest';
import { type ApiResponse, apiClient } from './api-client.ts';
import { type LoadReport, loadWithRetries } from './retrying-loader.ts';
import { customer } from './sample-records.ts';
import type { SpawnedCore } from './spawn-core.ts';

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

/** Imports `batches` into source `crm` with 4 loaders that retry nothing: the fault-free reference. */
export function importWithoutFault(
  url: string,
  token: string,
  batches: readonly (readonly ImportRecord[])[],
): Promise<LoadReport> {
  return loadWithRetries({
    url,
    token,
    entity: 'customers',
    source: 'crm',
    batches,
    concurrency: 4,
    retryOn: [],
  });
}

/** The tenant's stats of source `crm`, which must answer 200. */
export async function crmStats(url: string, token: string): Promise<SourceStats> {
  const response = await apiClient(url, token).get<SourceStats>('/v1/stats?source=crm');
  expect(response.status).toBe(200);
  return response.body;
}

/**
 * What every outage must leave true: the same core process still runs and never logged an
 * unhandled error, the import sent while the server was down got 503 `database_unavailable`, and
 * the loaders saw only 200 and 503, each 503 a problem+json with Retry-After.
 */
export function expectCoreSurvived(core: SpawnedCore, pidBefore: number, outcome: OutageOutcome): void {
  expect(core.running(), core.output()).toBe(true);
  expect(core.pid).toBe(pidBefore);
  expect(core.output()).not.toMatch(/Unhandled|uncaught/i);
  expect([outcome.during.status, outcome.during.body.code]).toEqual([503, 'database_unavailable']);
  expect([...outcome.report.statuses.keys()].filter((s) => s !== 200 && s !== 503)).toEqual([]);
  for (const failure of outcome.report.failures) {
    expect(failure.type).toContain('application/problem+json');
    expect(Number(failure.retryAfter)).toBeGreaterThan(0);
  }
}
