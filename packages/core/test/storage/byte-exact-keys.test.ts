import type { DeleteBatchResponse, ImportBatchResponse, RecordView, SourceStats } from '@madeup/contract';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '@madeup/testkit';
import { sql } from 'kysely';
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

/** Ids that a case-, pad-, accent- or normalisation-insensitive comparison would merge. */
const IDS = [
  'keepme',
  'KEEPME',
  'keepme ',
  'keepme  ',
  ' keepme',
  'caf\u00e9',
  'cafe\u0301',
  'cafe',
  'CAF\u00c9',
];

describeEachDialect('ids and keys compare byte for byte', (target) => {
  const fixture = useCore(target);
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('keeps ids differing by case, trailing spaces, accents or normalisation as distinct records', async () => {
    const api = await fixture().shared();
    const created = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'exact',
      records: IDS.map((id, i) => customer(id, { lastName: `L${i}`, email: `c${i}@example.com` })),
    });
    expect(created.body.results.map((r) => r.outcome)).toEqual(IDS.map(() => 'created'));
    for (const [i, id] of IDS.entries()) {
      const view = await api.get<RecordView>(`/v1/records/customers/exact/${encodeURIComponent(id)}`);
      expect([view.status, view.body.externalId, view.body.fields['lastName']]).toEqual([200, id, `L${i}`]);
    }
    const rerun = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'exact',
      records: IDS.map((id, i) => customer(id, { lastName: `L${i}`, email: `c${i}@example.com` })),
    });
    expect(rerun.body.counts.unchanged).toBe(IDS.length);

    const gone = await api.post<DeleteBatchResponse>('/v1/import/customers/delete', {
      source: 'exact',
      externalIds: ['keepme ', 'KeepMe', 'cafe\u0301 '],
    });
    expect(gone.body.results.map((r) => r.outcome)).toEqual(['deleted', 'not_found', 'not_found']);
    const stats = await api.get<SourceStats>('/v1/stats?source=exact');
    expect(stats.body.entities.find((e) => e.entity === 'customers')?.count).toBe(IDS.length - 1);
    const kept = await api.get<RecordView>('/v1/records/customers/exact/keepme');
    expect(kept.body.deletedAt ?? null).toBeNull();
  });

  it('creates "x " next to "x" and pages through both', async () => {
    const api = await fixture().shared();
    await api.post('/v1/import/customers', { source: 'pad', records: [customer('x')] });
    const next = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'pad',
      records: [customer('x ', { email: 'x2@example.com' }), customer('X')],
    });
    expect([next.status, ...next.body.results.map((r) => r.outcome)]).toEqual([200, 'created', 'created']);
    const seen: string[] = [];
    let after = '';
    for (let page = 0; page < 5; page += 1) {
      const list = await api.get<{ items: { externalId: string }[]; next?: string }>(
        `/v1/records/customers?source=pad&limit=1${after}`,
      );
      seen.push(...list.body.items.map((item) => item.externalId));
      if (list.body.next === undefined) break;
      after = `&after=${list.body.next}`;
    }
    expect(seen.sort()).toEqual(['X', 'x', 'x ']);
  });

  it('resolves a reference only to the parent whose id matches exactly', async () => {
    const api = await fixture().shared();
    await api.post('/v1/import/staff', {
      source: 'refs',
      records: [{ externalId: 'boss', fields: { firstName: 'B', lastName: 'B' } }],
    });
    const response = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'refs',
      records: [
        { ...customer('c1'), refs: { accountManager: 'boss ' } },
        { ...customer('c2'), refs: { accountManager: 'BOSS' } },
        { ...customer('c3'), refs: { accountManager: 'boss' } },
      ],
    });
    expect(response.body.results.map((r) => r.errors?.[0]?.code ?? r.outcome)).toEqual([
      'unresolved_reference',
      'unresolved_reference',
      'created',
    ]);
  });

  it('upgrades a tenant created before byte-exact keys without losing a row', async () => {
    const storage = STORAGE_DIALECTS[target.name];
    const database = await createTestDatabase(target.name, 'exact');
    databases.push(database);
    const db: Db = storage.open(database.url.replace(/^sqlite:/, ''), { max: 1, idleMs: 1000 });
    try {
      const all = await tenantMigrations(storage, MODEL).getMigrations();
      const initialOnly: MigrationProvider = {
        getMigrations: async () => ({ '0001_initial_model': all['0001_initial_model'] as never }),
      };
      await migrateToLatest(db as never, initialOnly, 'madeup_migration');
      const row = (xid: string) => ({
        source: 's',
        external_id: xid,
        content_hash: 'h',
        row_created_at: '2024-01-01 00:00:00.000000',
        row_updated_at: '2024-01-01 00:00:00.000000',
        first_name: 'F',
        last_name: 'L',
        email: 'e@example.com',
      });
      await db.insertInto('customers').values(row('keepme')).execute();
      expect(await migrateTenant(db, storage, MODEL)).toContain('0002_byte_exact_text');
      await db.insertInto('customers').values(row('keepme ')).execute();
      const matches = await sql<{ n: number | string }>`
        SELECT COUNT(*) AS n FROM customers WHERE external_id = ${'keepme '}`.execute(db);
      expect(Number(matches.rows[0]?.n)).toBe(1);
      const rows = await db.selectFrom('customers').select('external_id').orderBy('external_id').execute();
      expect(rows.map((r) => r['external_id'])).toEqual(['keepme', 'keepme ']);
    } finally {
      await db.destroy();
    }
  });
});
