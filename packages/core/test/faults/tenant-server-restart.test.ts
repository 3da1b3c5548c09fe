import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCore } from '@madeup/core';
import { type StopMode, usePrivateServer } from '@madeup/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogs } from '../support/core-fixture.ts';
import {
  crmStats,
  customerBatches,
  expectCoreSurvived,
  importThroughOutage,
  importWithoutFault,
} from '../support/outage-scenario.ts';
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

    const statsOf = (tenant: string) => crmStats(core.url, tokens[tenant] ?? '');

    it('imports the clean reference without a fault', async () => {
      const report = await importWithoutFault(core.url, tokens['clean'] ?? '', batches);
      expect([...report.statuses]).toEqual([[200, batches.length]]);
    });

    for (const mode of ['fast', 'immediate'] satisfies StopMode[])
      it(`stays up through a ${mode} stop and start, answers 503 meanwhile, and ends exact`, async () => {
        const pid = core.pid;
        const outcome = await importThroughOutage({
          url: core.url,
          token: tokens[mode] ?? '',
          server: server(),
          mode,
          batches,
        });
        expectCoreSurvived(core, pid, outcome);
        expect(outcome.report.statuses.get(503) ?? 0).toBeGreaterThan(0);
        expect(await statsOf(mode)).toEqual(await statsOf('clean'));
      });
  });
}
