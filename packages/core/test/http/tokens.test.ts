import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreatedToken, Problem, TokenList } from '@madeup/contract';
import { type RunningCore, startCore } from '@madeup/core';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import { silentLogs } from '../support/core-fixture.ts';
import { type SpawnedCore, spawnCore } from '../support/spawn-core.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The documented bound on a revocation reaching another process (MADEUP_TOKEN_CACHE_MS default). */
const CACHE_MS = 2000;

// The catalog is what varies: tokens live there. Tenants are SQLite files.
describeEachDialect('token lifecycle on a catalog shared by two processes', (target) => {
  let catalogDb: TestDatabase;
  let dataDir = '';
  let a: RunningCore;
  let b: SpawnedCore;

  beforeAll(async () => {
    catalogDb = await createTestDatabase(target.name, 'tokcat');
    dataDir = await mkdtemp(join(tmpdir(), 'madeup-tokens-'));
    const catalogUrl = catalogDb.url.replace(/^sqlite:/, '');
    a = await startCore({ dataDir, catalogUrl, logDestination: silentLogs() });
    b = await spawnCore(['--data-dir', dataDir, '--catalog-url', catalogUrl]);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.close();
    await catalogDb?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lists, creates, rotates and revokes tokens; a revoked token stops at once here', async () => {
    const admin = apiClient(a.url, a.adminToken ?? '');
    const { token } = await a.createTenant('tok-one', 'sqlite');
    const tenant = apiClient(a.url, token);
    expect((await tenant.get('/v1/whoami')).status).toBe(200);
    const listed = await admin.get<TokenList>('/v1/tokens');
    expect(listed.body.tokens.map((t) => t.tenantId).sort()).toEqual(['tok-one', null].sort());
    const mine = await tenant.get<{ tokenId: string }>('/v1/whoami');
    const own = listed.body.tokens.find((t) => t.tenantId === 'tok-one');
    expect(own?.id).toBe(mine.body.tokenId);
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect((await tenant.get<Problem>('/v1/tokens')).status).toBe(403);

    const second = await admin.post<CreatedToken>('/v1/tokens', { tenantId: 'tok-one' });
    expect([second.status, second.body.tenantId, second.body.token]).toEqual([
      201,
      'tok-one',
      expect.stringMatching(/^mut_/),
    ]);
    const rotated = await admin.post<CreatedToken>(`/v1/tokens/${own?.id}/rotate`, {});
    expect([rotated.status, rotated.body.replaced]).toEqual([201, own?.id]);
    expect((await tenant.get('/v1/whoami')).status).toBe(401);
    expect((await apiClient(a.url, rotated.body.token).get('/v1/whoami')).status).toBe(200);
    const revoked = await admin.delete(`/v1/tokens/${second.body.id}`);
    expect(revoked.status).toBe(204);
    expect((await apiClient(a.url, second.body.token).get('/v1/whoami')).status).toBe(401);
    const ofTenant = await admin.get<TokenList>('/v1/tokens?tenant=tok-one');
    expect(ofTenant.body.tokens.map((t) => t.id)).toEqual([rotated.body.id]);

    const adminId = (await admin.get<{ tokenId: string }>('/v1/whoami')).body.tokenId;
    const last = await admin.delete<Problem>(`/v1/tokens/${adminId}`);
    expect([last.status, last.body.code]).toEqual([409, 'last_admin_token']);
    const unknown = await admin.delete<Problem>('/v1/tokens/tok_0000000000000000');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'not_found']);
    const noTenant = await admin.post<Problem>('/v1/tokens', { tenantId: 'nobody' });
    expect([noTenant.status, noTenant.body.code]).toEqual([404, 'not_found']);
  });

  it(`stops a token revoked on one process within ${CACHE_MS} ms on the other`, async () => {
    const admin = apiClient(a.url, a.adminToken ?? '');
    const { token } = await a.createTenant('tok-two', 'sqlite');
    const viaB = apiClient(b.url, token);
    // B resolves the token and caches it.
    expect((await viaB.get('/v1/whoami')).status).toBe(200);
    expect((await viaB.get('/v1/whoami')).status).toBe(200);
    const id = (await viaB.get<{ tokenId: string }>('/v1/whoami')).body.tokenId;
    expect((await admin.delete(`/v1/tokens/${id}`)).status).toBe(204);
    expect((await apiClient(a.url, token).get('/v1/whoami')).status).toBe(401);
    await sleep(CACHE_MS + 500);
    const late = await viaB.get<Problem>('/v1/whoami');
    expect([late.status, late.body.code]).toEqual([401, 'unauthorized']);
  });
});
