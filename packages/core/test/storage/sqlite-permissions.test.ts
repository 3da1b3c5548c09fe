import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningCore, startCore } from '@madeup/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import { silentLogs } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('embedded SQLite files', () => {
  let parent = '';
  let core: RunningCore;
  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'madeup-perm-'));
    core = await startCore({ dataDir: join(parent, 'data'), logDestination: silentLogs() });
  });
  afterAll(async () => {
    await core?.close();
    await rm(parent, { recursive: true, force: true });
  });

  it('are readable by their owner only (files 0600, folders 0700)', async () => {
    const { token } = await core.createTenant('perm', 'sqlite');
    await apiClient(core.url, token).post('/v1/import/customers', { source: 's', records: [customer('p')] });
    const data = core.config.dataDir;
    expect(await mode(data)).toBe(0o700);
    expect(await mode(join(data, 'tenants'))).toBe(0o700);
    for (const file of [
      'catalog.sqlite',
      'catalog.sqlite-wal',
      'tenants/perm.sqlite',
      'tenants/perm.sqlite-wal',
    ])
      expect([file, await mode(join(data, file))]).toEqual([file, 0o600]);
  });
});
