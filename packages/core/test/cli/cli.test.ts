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
import { type SpawnedCore, spawnCore } from '../support/spawn-core.ts';

const BIN = fileURLToPath(new URL('../../bin/madeup-core.js', import.meta.url));
const exec = promisify(execFile);

describeEachDialect('madeup-core command line', () => {
  let dataDir = '';
  let core: SpawnedCore;
  let adminToken = '';
  /** Runs madeup-core with the admin token in the environment unless `env` says otherwise. */
  const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
    exec(process.execPath, [BIN, ...args], {
      env: { ...process.env, MADEUP_ADMIN_TOKEN: adminToken, MADEUP_SERVER: core.url, ...env },
    }).catch((e: { code: number; stdout: string; stderr: string }) => e);
  const importOne = (token: string) =>
    apiClient(core.url, token).post<ImportBatchResponse>('/v1/import/customers', {
      source: 'cli',
      records: [customer('a')],
    });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'madeup-cli-'));
    core = await spawnCore(['--data-dir', dataDir]);
    const output = await core.waitForOutput(/admin token \(shown once, stored hashed; keep it\): (mua_\S+)/);
    adminToken = /admin token \(shown once, stored hashed; keep it\): (mua_\S+)/.exec(output)?.[1] ?? '';
  });
  afterAll(async () => {
    await core?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the admin token once, on stderr only', async () => {
    expect(adminToken).toMatch(/^mua_/);
    expect(core.stdout()).not.toContain(adminToken);
  });

  it('tenant create talks to the running core and says where; its token works there', async () => {
    const created = await cli(['tenant', 'create', 'cli-co', '--server', core.url]);
    expect(created.stdout).toContain(`created tenant cli-co (sqlite) on ${core.url}`);
    const token = /token \(shown once\): (mut_\S+)/.exec(created.stdout)?.[1] ?? '';
    expect((await importOne(token)).body.counts.created).toBe(1);
    const listed = await cli(['tenant', 'list']);
    expect(listed.stdout).toMatch(/^cli-co\tsqlite\t/m);
  });

  it('refuses clearly without the admin token, without a server, with local flags, or a bad id', async () => {
    const noToken = await cli(['tenant', 'create', 'x-co'], { MADEUP_ADMIN_TOKEN: undefined });
    expect(noToken).toMatchObject({ code: 1, stderr: expect.stringContaining('set MADEUP_ADMIN_TOKEN') });
    const noServer = await cli(['tenant', 'create', 'x-co', '--server', 'http://127.0.0.1:9']);
    expect(noServer).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('cannot reach core at http://127.0.0.1:9'),
    });
    const local = await cli(['tenant', 'create', 'x-co', '--data-dir', dataDir]);
    expect(local).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--data-dir only applies with --offline'),
    });
    const bad = await cli(['tenant', 'create', 'Bad/Id']);
    expect(bad).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('400 invalid_tenant_id: tenant id must be'),
    });
    const wrong = await cli(['tenant', 'create', 'x-co'], { MADEUP_ADMIN_TOKEN: 'mua_wrong' });
    expect(wrong).toMatchObject({ code: 1, stderr: expect.stringContaining('401 unauthorized') });
  });

  it('tenant create --offline writes into the named catalog, which the running core serves', async () => {
    const created = await cli(['tenant', 'create', 'off-co', '--offline', '--data-dir', dataDir]);
    expect(created.stdout).toContain(
      `offline: created tenant off-co (sqlite) in catalog ${join(dataDir, 'catalog.sqlite')}`,
    );
    const token = /token \(shown once\): (mut_\S+)/.exec(created.stdout)?.[1] ?? '';
    expect((await importOne(token)).status).toBe(200);
    const migrated = await cli(['migrate', '--data-dir', dataDir]);
    expect(migrated.stdout).toContain('off-co: up to date');
  });

  it('token list, create, rotate and revoke', async () => {
    const created = await cli(['token', 'create', '--tenant', 'cli-co']);
    const id = /token (tok_[0-9a-f]{16}) for tenant cli-co/.exec(created.stdout)?.[1] ?? '';
    const token = /token \(shown once\): (mut_\S+)/.exec(created.stdout)?.[1] ?? '';
    expect((await importOne(token)).status).toBe(200);
    expect((await cli(['token', 'list', '--tenant', 'cli-co'])).stdout).toContain(`${id}\tcli-co\t`);
    const rotated = await cli(['token', 'rotate', id]);
    expect(rotated.stdout).toContain(`(replaces ${id}, revoked now)`);
    expect((await importOne(token)).status).toBe(401);
    const next = /token \(shown once\): (mut_\S+)/.exec(rotated.stdout)?.[1] ?? '';
    const nextId = /new token (tok_[0-9a-f]{16})/.exec(rotated.stdout)?.[1] ?? '';
    expect((await cli(['token', 'revoke', nextId])).stdout).toContain(`revoked token ${nextId}`);
    expect((await importOne(next)).status).toBe(401);
    const admins = await cli(['token', 'list']);
    expect(admins.stdout).toMatch(/^tok_[0-9a-f]{16}\tadmin\t/m);
  });
}, ['sqlite']);
