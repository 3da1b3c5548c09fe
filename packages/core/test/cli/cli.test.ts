import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ImportBatchResponse } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import { customer } from '../support/sample-records.ts';
import { spawnCore } from '../support/spawn-core.ts';

const BIN = fileURLToPath(new URL('../../bin/madeup-core.js', import.meta.url));
const run = promisify(execFile);

describeEachDialect('madeup-core command line', () => {
  let dataDir = '';
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'madeup-cli-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('serve prints the admin token at first start only; tenant create and migrate work offline', async () => {
    const created = await run(process.execPath, [BIN, 'tenant', 'create', 'cli-co', '--data-dir', dataDir]);
    const token = /token \(shown once\): (mut_\S+)/.exec(created.stdout)?.[1];
    expect(token).toBeDefined();
    const migrated = await run(process.execPath, [BIN, 'migrate', '--data-dir', dataDir]);
    expect(migrated.stdout).toContain('cli-co: up to date');

    const first = await spawnCore(['--data-dir', dataDir]);
    try {
      await first.waitForOutput(/admin token \(shown once, stored hashed; keep it\): mua_/);
      expect(first.stdout()).not.toContain('mua_');
      const api = apiClient(first.url, token ?? '');
      const imported = await api.post<ImportBatchResponse>('/v1/import/customers', {
        source: 'cli',
        records: [customer('a')],
      });
      expect(imported.body.counts.created).toBe(1);
    } finally {
      await first.stop();
    }
    const second = await spawnCore(['--data-dir', dataDir]);
    try {
      expect(second.output()).not.toContain('admin token');
    } finally {
      await second.stop();
    }
    const refused = await run(process.execPath, [
      BIN,
      'tenant',
      'create',
      'Bad/Id',
      '--data-dir',
      dataDir,
    ]).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('tenant id must be') });
  });
}, ['sqlite']);
