import type { ImportBatchResponse, Problem } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.ts';
import { generateToken, hashToken } from '../../src/catalog/tokens.ts';
import { cachedIdCount, openReferenceCache } from '../../src/import/reference-cache.ts';
import { MODEL } from '../../src/model/model.ts';
import { STORAGE_DIALECTS } from '../../src/storage/dialects.ts';
import { migrateAllTenants } from '../../src/tenancy/migrate-all-tenants.ts';
import { serverFor } from '../../src/tenancy/tenant-location.ts';
import { TenantPools } from '../../src/tenancy/tenant-pools.ts';
import { apiClient } from '../support/api-client.ts';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

describeEachDialect('tenant pools and migrations', (target) => {
  const fixture = useCore(target);

  it('keeps at most maxOpenTenants pools open and closes idle ones', async () => {
    const { core } = fixture();
    const [a, b, c] = [await fixture().tenant('a'), await fixture().tenant('b'), await fixture().tenant('c')];
    const catalog = await Catalog.open(core.config.catalogUrl);
    const pools = new TenantPools(
      catalog,
      { ...core.config, maxOpenTenants: 2, tenantIdleMs: 60_000 },
      MODEL,
    );
    try {
      for (const t of [a, b, c]) await pools.use(t.tenantId, async () => {});
      expect(pools.size).toBe(2);
      const rows = await pools.use(a.tenantId, (handle) =>
        handle.db.selectFrom('customers').select('id').execute(),
      );
      expect(rows).toEqual([]);
      await pools.evictIdle(Date.now() + 61_000);
      expect(pools.size).toBe(0);
    } finally {
      await pools.closeAll();
      await catalog.close();
    }
  });

  it("a pool closed (idle, or over the cap) drops its tenant's reference cache", async () => {
    const { core } = fixture();
    const a = await fixture().tenant('refs');
    const catalog = await Catalog.open(core.config.catalogUrl);
    const pools = new TenantPools(catalog, { ...core.config, tenantIdleMs: 60_000 }, MODEL);
    try {
      await pools.use(a.tenantId, async ({ db }) => {
        const view = await openReferenceCache(db, db);
        view.remember(
          'customers',
          's',
          new Map([
            ['p1', '1'],
            ['p2', '2'],
          ]),
        );
      });
      const before = cachedIdCount();
      expect(before).toBeGreaterThanOrEqual(2);
      await pools.evictIdle(Date.now() + 61_000);
      expect(pools.size).toBe(0);
      expect(cachedIdCount()).toBe(before - 2);
    } finally {
      await pools.closeAll();
      await catalog.close();
    }
  });

  it('refuses a tenant with pending migrations until `migrate` runs', async () => {
    const { core } = fixture();
    const id = `old-${Math.random().toString(36).slice(2, 8)}`;
    const catalog = await Catalog.open(core.config.catalogUrl);
    const storage = STORAGE_DIALECTS[target.name];
    const name = `${target.name === 'sqlite' ? '' : core.config.databasePrefix}${id.replace(/-/g, '_')}`;
    const token = generateToken('mut_');
    try {
      // A tenant whose database predates every migration.
      await catalog.insertTenant({
        id,
        dialect: target.name,
        databaseName: name,
        createdAt: new Date().toISOString(),
      });
      await storage.createDatabase(serverFor(core.config, target.name), name);
      await catalog.addToken(hashToken(token), id);
      const api = apiClient(core.url, token);
      const refused = await api.post<Problem>('/v1/import/customers', {
        source: 's',
        records: [customer('a')],
      });
      expect([refused.status, refused.body.code]).toEqual([409, 'tenant_migration_pending']);
      expect(refused.body.detail).toContain('madeup-core migrate');
      const lines = await migrateAllTenants(catalog, core.config, MODEL);
      expect(lines.find((line) => line.startsWith(`${id}: `))).toMatch(
        /^[^:]+: applied 0001_initial_model(, \w+)*$/,
      );
      const accepted = await api.post<ImportBatchResponse>('/v1/import/customers', {
        source: 's',
        records: [customer('a')],
      });
      expect(accepted.body.counts.created).toBe(1);
    } finally {
      await catalog.close();
      await storage.dropDatabase(serverFor(core.config, target.name), name);
    }
  });
});
