import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportBatchResponse } from '@madeup/contract';
import { type RunningCore, startCore } from '@madeup/core';
import { createTestDatabase, describeEachDialect, mysqlAdmin, type TestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import { silentLogs } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

// The catalog holds idempotency keys, so each catalog dialect is tested (tenants are SQLite files).
describeEachDialect('catalog keys compare byte for byte', (target) => {
  let catalogDb: TestDatabase;
  let dataDir = '';
  let core: RunningCore | undefined;

  beforeAll(async () => {
    catalogDb = await createTestDatabase(target.name, 'catalog');
    // A catalog database made with the server's defaults (MariaDB: utf8mb4_general_ci, case-insensitive).
    if (target.name === 'mysql')
      await mysqlAdmin(
        `ALTER DATABASE \`${catalogDb.name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`,
      );
    dataDir = await mkdtemp(join(tmpdir(), 'madeup-catalog-keys-'));
    core = await startCore({
      dataDir,
      catalogUrl: catalogDb.url.replace(/^sqlite:/, ''),
      logDestination: silentLogs(),
    });
  });
  afterAll(async () => {
    await core?.close();
    await catalogDb?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps idempotency keys differing by case apart (HTTP strips trailing spaces from header values)', async () => {
    const running = core as RunningCore;
    const { token } = await running.createTenant(`keys-${Math.random().toString(36).slice(2, 8)}`, 'sqlite');
    const api = apiClient(running.url, token);
    const keys = ['key', 'KEY', 'Key'];
    for (const [i, key] of keys.entries()) {
      const response = await api.post<ImportBatchResponse>(
        '/v1/import/customers',
        { source: 'keys', records: [customer(`c${i}`)] },
        { 'idempotency-key': key },
      );
      expect([key, response.status, response.headers.get('idempotent-replayed')]).toEqual([key, 200, null]);
      expect(response.body.results[0]?.outcome).toBe('created');
    }
    const replay = await api.post(
      '/v1/import/customers',
      { source: 'keys', records: [customer('c1')] },
      { 'idempotency-key': 'KEY' },
    );
    expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
  });
});
