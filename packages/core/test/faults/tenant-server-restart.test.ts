import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceStats } from '@madeup/contract';
import { startCore } from '@madeup/core';
import { type StopMode, usePrivateServer } from '@madeup/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import { silentLogs } from '../support/core-fixture.ts';
import { customerBatches, importThroughOutage } from '../support/outage-scenario.ts';
import { loadWithRetries } from '../support/retrying-loader.ts';
import { type SpawnedCore, spawnCore } from '../support/spawn-core.ts';

const batches = customerBatches(40, 100);

for (const kind of ['postgres', 'mysql'] as const) {
  describe(`tenant database server stopped under import load [${kind}, private server]`, {
    timeout: 60_000,
  }, () => {
    const server = usePrivateServer(kind);
    let dataDir = '';
    let core: SpawnedCore;
    const adminToken = `mua_fault${Math.random().toString(36).slice(2)}`;
    const tokens: Record<string, string> = {};

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'madeup-fault-'));
      // Tenants are created by an in-process core that is closed before any fault.
      const setup = await startCore({
        dataDir,
        servers: { [kind]: server().url },
        adminToken,
        logDestination: silentLogs(),
      });
      for (const id of ['clean', 'fast', 'immediate'])
        tokens[id] = (await setup.createTenant(id, kind)).token;
      await setup.close();
      core = await spawnCore(['--data-dir', dataDir, `--${kind}-url`, server().url]);
    });
    afterAll(async () => {
      await core?.stop();
      await rm(dataDir, { recursive: true, force: true });
    });

    async function statsOf(tenant: string): Promise<SourceStats> {
      const response = await apiClient(core.url, tokens[tenant] ?? '').get<SourceStats>(
        '/v1/stats?source=crm',
      );
      expect(response.status).toBe(200);
      return response.body;
    }

    it('imports the clean reference without a fault', async () => {
      const report = await loadWithRetries({
        url: core.url,
        token: tokens['clean'] ?? '',
        entity: 'customers',
        source: 'crm',
        batches,
        concurrency: 4,
        retryOn: [],
      });
      expect([...report.statuses]).toEqual([[200, batches.length]]);
    });

    for (const mode of ['fast', 'immediate'] satisfies StopMode[])
      it(`stays up through a ${mode} stop and start, answers 503 meanwhile, and ends exact`, async () => {
        const pid = core.pid;
        const { report, during } = await importThroughOutage({
          url: core.url,
          token: tokens[mode] ?? '',
          server: server(),
          mode,
          batches,
        });
        expect(core.running(), core.output()).toBe(true);
        expect(core.pid).toBe(pid);
        expect(core.output()).not.toMatch(/Unhandled|uncaught/i);
        expect([during.status, during.body.code]).toEqual([503, 'database_unavailable']);
        expect([...report.statuses.keys()].filter((s) => s !== 200 && s !== 503)).toEqual([]);
        expect(report.statuses.get(503) ?? 0).toBeGreaterThan(0);
        for (const failure of report.failures) {
          expect(failure.type).toContain('application/problem+json');
          expect(Number(failure.retryAfter)).toBeGreaterThan(0);
        }
        expect(await statsOf(mode)).toEqual(await statsOf('clean'));
      });
  });
}
