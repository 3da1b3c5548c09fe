import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCore } from '@madeup/core';
import { type StopMode, usePrivateServer } from '@madeup/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGE_DIALECTS } from '../../src/storage/dialects.ts';
import { silentLogs } from '../support/core-fixture.ts';
import {
  crmStats,
  customerBatches,
  expectCoreSurvived,
  importThroughOutage,
  importWithoutFault,
} from '../support/outage-scenario.ts';
import { type SpawnedCore, spawnCore } from '../support/spawn-core.ts';

const batches = customerBatches(30, 100);

for (const kind of ['postgres', 'mysql'] as const) {
  describe(`catalog database server stopped under import load [${kind} catalog, private server]`, {
    timeout: 60_000,
  }, () => {
    const server = usePrivateServer(kind);
    let dataDir = '';
    let core: SpawnedCore;
    const adminToken = `mua_fault${Math.random().toString(36).slice(2)}`;
    const tokens: Record<string, string> = {};

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'madeup-catalog-fault-'));
      const catalogUrl = await STORAGE_DIALECTS[kind].createDatabase(server().url, 'madeup_catalog');
      // Tenants are SQLite files: only the catalog lives on the server that is stopped.
      const setup = await startCore({ dataDir, catalogUrl, adminToken, logDestination: silentLogs() });
      for (const id of ['clean', 'fast', 'immediate'])
        tokens[id] = (await setup.createTenant(id, 'sqlite')).token;
      await setup.close();
      core = await spawnCore(['--data-dir', dataDir, '--catalog-url', catalogUrl]);
    });
    afterAll(async () => {
      await core?.stop();
      await rm(dataDir, { recursive: true, force: true });
    });

    const statsOf = (tenant: string) => crmStats(core.url, tokens[tenant] ?? '');

    it('imports the clean reference without a fault', async () => {
      const report = await importWithoutFault(core.url, tokens['clean'] ?? '', batches);
      expect([...report.statuses]).toEqual([[200, batches.length]]);
    });

    for (const mode of ['fast', 'immediate'] satisfies StopMode[])
      it(`stays up through a ${mode} stop and start of the catalog, answers 503 meanwhile, and ends exact`, async () => {
        const pid = core.pid;
        const outcome = await importThroughOutage({
          url: core.url,
          token: tokens[mode] ?? '',
          server: server(),
          mode,
          batches,
        });
        expectCoreSurvived(core, pid, outcome);
        const ready = await fetch(`${core.url}/readyz`);
        expect(ready.status).toBe(200);
        expect(await statsOf(mode)).toEqual(await statsOf('clean'));
      });
  });
}
