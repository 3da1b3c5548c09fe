import type { ImportBatchResponse, RecordView, SchemaDocument } from '@madeup/contract';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '@madeup/testkit';
import type { MigrationProvider } from 'kysely/migration';
import { afterAll, expect, it } from 'vitest';
import { MODEL } from '../../src/model/model.ts';
import { STORAGE_DIALECTS } from '../../src/storage/dialects.ts';
import type { Db } from '../../src/storage/dynamic-database.ts';
import { migrateToLatest } from '../../src/storage/migrations.ts';
import { tenantMigrations } from '../../src/storage/tenant-migrations.ts';
import { migrateTenant } from '../../src/tenancy/tenant-schema.ts';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

const payment = (externalId: string, fields: Record<string, unknown>) => ({
  externalId,
  fields: { paidAt: '2024-03-01T10:00:00Z', currency: 'EUR', ...fields },
  refs: { customer: 'payer' },
});

describeEachDialect('payments of 0, refunds and ISO 3166-1 countries', (target) => {
  const fixture = useCore(target);
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('stores zero-amount payments and refunds, and refuses negative amounts and unknown kinds', async () => {
    const api = await fixture().shared();
    await api.post('/v1/import/customers', { source: 'ledger', records: [customer('payer')] });
    const response = await api.post<ImportBatchResponse>('/v1/import/payments', {
      source: 'ledger',
      records: [
        payment('zero', { amount: '0.00' }),
        payment('refund', { amount: '12.50', kind: 'refund' }),
        payment('plain', { amount: '40' }),
        payment('negative', { amount: '-5.00' }),
        payment('chargeback', { amount: '5.00', kind: 'chargeback' }),
      ],
    });
    expect(response.body.results.map((r) => r.errors?.[0]?.code ?? r.outcome)).toEqual([
      'created',
      'created',
      'created',
      'too_small',
      'invalid_enum',
    ]);
    const read = async (id: string) =>
      (await api.get<RecordView>(`/v1/records/payments/ledger/${id}`)).body.fields;
    expect(await read('zero')).toMatchObject({ amount: '0.00', kind: 'payment' });
    expect(await read('refund')).toMatchObject({ amount: '12.50', kind: 'refund' });
    expect(await read('plain')).toMatchObject({ amount: '40.00', kind: 'payment' });

    // The default is a value like any other: sending it changes nothing, null goes back to it.
    const again = await api.post<ImportBatchResponse>('/v1/import/payments', {
      source: 'ledger',
      records: [
        payment('zero', { amount: '0', kind: 'payment' }),
        payment('refund', { amount: '12.5', kind: null }),
      ],
    });
    expect(again.body.results.map((r) => r.outcome)).toEqual(['unchanged', 'updated']);
    expect(await read('refund')).toMatchObject({ kind: 'payment' });
  });

  it('accepts assigned ISO 3166-1 alpha-2 codes only', async () => {
    const api = await fixture().shared();
    const codes = ['US', 'FR', 'GB', 'CW', 'zz', 'ZZ', '1?', 'us', 'UK', 'USA', ''];
    const response = await api.post<ImportBatchResponse>('/v1/import/locations', {
      source: 'countries',
      records: codes.map((country, i) => ({
        externalId: `l${i}`,
        fields: { name: 'L', address: { country } },
      })),
    });
    expect(response.body.results.map((r) => r.errors?.[0]?.code ?? r.outcome)).toEqual([
      'created',
      'created',
      'created',
      'created',
      ...Array(7).fill('invalid_format'),
    ]);
    expect(response.body.results[4]?.errors?.[0]).toMatchObject({ field: 'fields.address.country' });
    const schema = await api.get<SchemaDocument>('/v1/schema');
    const payments = schema.body.entities.find((e) => e.name === 'payments');
    expect(payments?.fields.find((f) => f.name === 'kind')).toMatchObject({
      type: 'enum',
      enum: ['payment', 'refund'],
      default: 'payment',
      required: false,
    });
    expect(payments?.fields.find((f) => f.name === 'amount')).toMatchObject({ minimum: '0' });
  });

  it('migrates payments stored before kinds existed to kind payment', async () => {
    const storage = STORAGE_DIALECTS[target.name];
    const database = await createTestDatabase(target.name, 'kind');
    databases.push(database);
    const db: Db = storage.open(database.url.replace(/^sqlite:/, ''), { max: 1, idleMs: 1000 });
    try {
      const all = await tenantMigrations(storage, MODEL).getMigrations();
      const before: MigrationProvider = {
        getMigrations: async () => ({
          '0001_initial_model': all['0001_initial_model'] as never,
          '0002_byte_exact_text': all['0002_byte_exact_text'] as never,
        }),
      };
      await migrateToLatest(db as never, before, 'madeup_migration');
      // The payments table as the model made it before `kind`.
      await db.schema.alterTable('payments').dropColumn('kind').execute();
      await db
        .insertInto('payments')
        .values({
          source: 's',
          external_id: 'p1',
          content_hash: 'h',
          row_created_at: '2024-01-01 00:00:00.000000',
          row_updated_at: '2024-01-01 00:00:00.000000',
          amount: '10.00',
          paid_at: '2024-01-01 00:00:00.000000',
          customer_xid: 'c',
        })
        .execute();
      expect(await migrateTenant(db, storage, MODEL)).toEqual([
        '0003_payment_kind',
        '0004_import_outcomes',
        '0005_lean_reference_indexes',
        '0006_pending_reference_index_prefix',
        '0007_reference_epoch',
      ]);
      const rows = await db.selectFrom('payments').select(['external_id', 'kind', 'amount']).execute();
      expect(rows.map((r) => [r['external_id'], r['kind'], String(r['amount'])])).toEqual([
        ['p1', 'payment', '10.00'],
      ]);
    } finally {
      await db.destroy();
    }
  });
});
