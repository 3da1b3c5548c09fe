import type { ImportBatchResponse, SchemaDocument } from '@madeup/contract';
import { MODEL } from '@madeup/core';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { STORAGE_DIALECTS } from '../../src/storage/dialects.ts';
import { apiClient } from '../support/api-client.ts';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

describeEachDialect('tenants', (target) => {
  const fixture = useCore(target);

  it('creates a tenant through POST /v1/tenants with the admin token only', async () => {
    const { admin, core } = fixture();
    const id = `api-${Date.now().toString(36)}`;
    const tenantTry = await apiClient(core.url, 'mut_nope').post('/v1/tenants', { id });
    expect(tenantTry.status).toBe(401);
    const created = await admin.post<{ id: string; dialect: string; token: string }>('/v1/tenants', {
      id,
      dialect: target.name,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id, dialect: target.name });
    const again = await admin.post<{ code: string }>('/v1/tenants', { id, dialect: target.name });
    expect([again.status, again.body.code]).toEqual([409, 'tenant_exists']);
    const bad = await admin.post<{ code: string }>('/v1/tenants', { id: '../etc', dialect: target.name });
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid_tenant_id']);
    const api = apiClient(core.url, created.body.token);
    const imported = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 's',
      records: [customer('a')],
    });
    expect(imported.body.counts.created).toBe(1);
    const forbidden = await admin.post<{ code: string }>('/v1/import/customers', {
      source: 's',
      records: [],
    });
    expect([forbidden.status, forbidden.body.code]).toEqual([403, 'forbidden']);
    // The fixture drops the databases it created itself; this one is dropped here.
    if (target.server !== undefined)
      await STORAGE_DIALECTS[target.name].dropDatabase(
        target.server.url,
        `${core.config.databasePrefix}${id.replace(/-/g, '_')}`,
      );
  });

  it('serves GET /v1/schema, derived from the model, without a token', async () => {
    const schema = await apiClient(fixture().core.url, '').get<SchemaDocument>('/v1/schema');
    expect(schema.status).toBe(200);
    expect(schema.body.version).toBe(MODEL.version);
    expect(
      schema.body.entities.find((e) => e.name === 'invoiceLines')?.references.map((r) => r.target),
    ).toEqual(['invoices', 'products']);
  });

  it("isolates tenants: another tenant's token gets 404 and writes land in its own database", async () => {
    const one = await fixture().tenant('one');
    const two = await fixture().tenant('two');
    await one.post('/v1/import/customers', { source: 's', records: [customer('shared')] });
    const peek = await two.get<{ code: string }>(`/v1/tenants/${one.tenantId}`);
    expect([peek.status, peek.body.code]).toEqual([404, 'not_found']);
    const own = await one.get<{ id: string }>(`/v1/tenants/${one.tenantId}`);
    expect(own.body.id).toBe(one.tenantId);
    const write = await two.post<ImportBatchResponse>('/v1/import/customers', {
      source: 's',
      records: [customer('shared', { lastName: 'Intruder' })],
    });
    expect(write.body.results[0]?.outcome).toBe('created');
    const untouched = await one.post<ImportBatchResponse>('/v1/import/customers', {
      source: 's',
      records: [customer('shared')],
    });
    expect(untouched.body.results[0]?.outcome).toBe('unchanged');
  });
});
