import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportBatchResponse } from '@madeup/contract';
import { startCore } from '@madeup/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient } from '../support/api-client.ts';
import { silentLogs } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';
import { type SpawnedCore, spawnCore } from '../support/spawn-core.ts';

const HEAVY_BATCHES = Number(process.env['MADEUP_TEST_FAIRNESS_BATCHES'] ?? 40);
const HEAVY_LOADERS = 8;
/**
 * Generous for a loaded 2-core machine. Measured at load average 15-18 on 2 cores: p99 2.6-3.3 s
 * (p50 1.9-2.3 s, 3 light requests in the whole run) before SQLite work yielded to the event loop;
 * 0.7-1.2 s (p50 0.15-0.26 s, 25-27 requests) after. The bound holds for the 90th percentile: of
 * 25 samples the 99th is the slowest one, which a single stall of the loaded machine decides
 * (2.64 s once at ordinary load, against 0.81-1.16 s in the other runs).
 */
const BOUND_MS = Number(process.env['MADEUP_TEST_FAIRNESS_BOUND_MS'] ?? 2500);

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

// Core runs in its own process, so the test's clients do not share its event loop.
describe('a light tenant while another SQLite tenant imports', () => {
  let dataDir = '';
  let core: SpawnedCore;
  let heavy: ApiClient;
  let light: ApiClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'madeup-fair-'));
    const setup = await startCore({ dataDir, logDestination: silentLogs() });
    const tokens = [
      (await setup.createTenant('heavy', 'sqlite')).token,
      (await setup.createTenant('light', 'sqlite')).token,
    ];
    await setup.close();
    core = await spawnCore(['--data-dir', dataDir]);
    heavy = apiClient(core.url, tokens[0] ?? '');
    light = apiClient(core.url, tokens[1] ?? '');
  });
  afterAll(async () => {
    await core?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it(`answers the light tenant within ${BOUND_MS} ms at p90`, { timeout: 120_000 }, async () => {
    let running = true;
    let next = 0;
    // Bodies serialised up front and answers not parsed: the test's own work stays off the clock.
    const bodies = Array.from({ length: HEAVY_BATCHES }, (_, b) =>
      JSON.stringify({
        source: 'heavy',
        records: Array.from({ length: 1000 }, (_, n) => customer(`h${b}-${n}`, { company: `Co ${b}` })),
      }),
    );
    const loader = async () => {
      while (next < HEAVY_BATCHES) {
        const response = await fetch(`${core.url}/v1/import/customers`, {
          method: 'POST',
          headers: { authorization: `Bearer ${heavy.token}`, 'content-type': 'application/json' },
          body: bodies[next++] ?? '',
        });
        await response.arrayBuffer();
        expect(response.status).toBe(200);
      }
    };
    const heavyLoad = Promise.all(Array.from({ length: HEAVY_LOADERS }, loader)).finally(() => {
      running = false;
    });
    const latencies: number[] = [];
    await new Promise((resolve) => setTimeout(resolve, 300)); // the heavy loaders get going
    for (let n = 0; running; n++) {
      const started = performance.now();
      const response = await light.post<ImportBatchResponse>('/v1/import/customers', {
        source: 'light',
        records: [customer(`l${n}`)],
      });
      latencies.push(performance.now() - started);
      expect(response.status).toBe(200);
    }
    await heavyLoad;
    const summary = {
      samples: latencies.length,
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
    };
    console.info(`light tenant while a heavy one imports: ${JSON.stringify(summary)}`);
    // The light tenant's share: 3 requests in the whole run before, 25-27 after.
    expect(latencies.length).toBeGreaterThanOrEqual(10);
    expect(summary.p90).toBeLessThan(BOUND_MS);
  });
});
