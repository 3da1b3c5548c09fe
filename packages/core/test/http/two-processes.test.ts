import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportBatchResponse, SourceStats } from '@madeup/contract';
import { type RunningCore, startCore } from '@madeup/core';
import {
  createTestDatabase,
  describeEachDialect,
  MYSQL,
  POSTGRES,
  type TestDatabase,
  uniqueName,
} from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { STORAGE_DIALECTS } from '../../src/storage/dialects.ts';
import { apiClient } from '../support/api-client.ts';
import { silentLogs } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';
import { type SpawnedCore, spawnCore } from '../support/spawn-core.ts';

describeEachDialect('two core processes on one catalog', (target) => {
  let catalogDb: TestDatabase;
  let dataDir = '';
  let inProcess: RunningCore;
  let child: SpawnedCore;
  const prefix = `${uniqueName('two')}_`;
  const tenantId = 'shared-tenant';

  beforeAll(async () => {
    catalogDb = await createTestDatabase(target.name, 'catalog');
    dataDir = await mkdtemp(join(tmpdir(), 'madeup-two-'));
    const catalogUrl = catalogDb.url.replace(/^sqlite:/, '');
    inProcess = await startCore({
      dataDir,
      catalogUrl,
      servers: { postgres: POSTGRES.url, mysql: MYSQL.url },
      databasePrefix: prefix,
      logDestination: silentLogs(),
    });
    child = await spawnCore(
      [
        '--data-dir',
        dataDir,
        '--catalog-url',
        catalogUrl,
        '--postgres-url',
        POSTGRES.url,
        '--mysql-url',
        MYSQL.url,
      ],
      { MADEUP_DATABASE_PREFIX: prefix },
    );
  });
  afterAll(async () => {
    await child?.stop();
    await inProcess?.close();
    if (target.server !== undefined)
      await STORAGE_DIALECTS[target.name].dropDatabase(
        target.server.url,
        `${prefix}${tenantId.replace(/-/g, '_')}`,
      );
    await catalogDb?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves one tenant from both processes without duplicates under parallel batches', async () => {
    const admin = apiClient(child.url, inProcess.adminToken ?? '');
    const created = await admin.post<{ token: string }>('/v1/tenants', {
      id: tenantId,
      dialect: target.name,
    });
    expect(created.status).toBe(201);
    const viaA = apiClient(inProcess.url, created.body.token);
    const viaB = apiClient(child.url, created.body.token);
    const ids = Array.from({ length: 30 }, (_, n) => `two-${n}`);
    const batch = { source: 'two', records: ids.map((id) => customer(id)) };
    const responses = await Promise.all(
      [viaA, viaB, viaA, viaB].map((api) => api.post<ImportBatchResponse>('/v1/import/customers', batch)),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(responses.reduce((n, r) => n + r.body.counts.created, 0)).toBe(ids.length);
    const statsA = await viaA.get<SourceStats>('/v1/stats?source=two');
    const statsB = await viaB.get<SourceStats>('/v1/stats?source=two');
    expect(statsA.body).toEqual(statsB.body);
    expect(statsA.body.entities.find((e) => e.entity === 'customers')?.count).toBe(ids.length);
  });
});
