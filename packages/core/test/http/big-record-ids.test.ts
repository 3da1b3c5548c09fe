import type { ImportBatchResponse, TenantDialect } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { tenantDatabaseName } from '../../src/catalog/tenant-id.ts';
import { STORAGE_DIALECTS } from '../../src/storage/dialects.ts';
import type { Db } from '../../src/storage/dynamic-database.ts';
import { serverFor } from '../../src/tenancy/tenant-location.ts';
import { type TenantClient, useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

/**
 * Record ids are 64-bit integers; a stored import outcome keeps them as differences from the one
 * before (`outcome-codec.ts`: doubles below 16 digits, BigInt above). Ids that cross 15/16 digits
 * and 2^53 must come back exact in the response and in its replay under the same Idempotency-Key.
 */
describeEachDialect(
  'record ids past 2^53',
  (target) => {
    const fixture = useCore(target);
    const storage = STORAGE_DIALECTS[target.name];
    const openTenant = (tenant: TenantClient): Db => {
      const dialect = target.name as TenantDialect;
      const prefix = dialect === 'sqlite' ? '' : fixture().core.config.databasePrefix;
      const name = tenantDatabaseName(prefix, tenant.tenantId);
      return storage.open(storage.locate(serverFor(fixture().core.config, dialect), name), {
        max: 1,
        idleMs: 1000,
      });
    };
    /** Makes the next customer id `next`. */
    const nextIdFrom = async (db: Db, next: bigint) => {
      if (target.name === 'postgres')
        await sql`SELECT setval(pg_get_serial_sequence('customers', 'id'), ${String(next - 1n)}::bigint)`.execute(
          db,
        );
      else await sql.raw(`ALTER TABLE customers AUTO_INCREMENT = ${next}`).execute(db);
    };

    for (const start of [10n ** 15n - 3n, 2n ** 53n - 3n, 2n ** 63n - 20n])
      it(`are exact from ${start} on, in the response and its replay`, async () => {
        const api = await fixture().tenant('big');
        const db = openTenant(api);
        try {
          await nextIdFrom(db, start);
        } finally {
          await db.destroy();
        }
        const key = { 'idempotency-key': `big-${start}` };
        const body = {
          source: 'big',
          records: Array.from({ length: 6 }, (_, k) => customer(`b${k}`)),
        };
        const first = await api.post<ImportBatchResponse>('/v1/import/customers', body, key);
        expect(first.status).toBe(200);
        const ids = first.body.results.map((r) => r.id);
        expect(ids).toEqual(Array.from({ length: 6 }, (_, k) => String(start + BigInt(k))));
        const replayed = await api.post<ImportBatchResponse>('/v1/import/customers', body, key);
        expect(replayed.headers.get('idempotent-replayed')).toBe('true');
        expect(replayed.body).toEqual(first.body);
        // Updates (ids going down, then up again) mixed with new records, replayed.
        const second = {
          source: 'big',
          records: [customer('b5', { lastName: 'X' }), customer('b0', { lastName: 'X' }), customer('b9')],
        };
        const key2 = { 'idempotency-key': `big2-${start}` };
        const mixed = await api.post<ImportBatchResponse>('/v1/import/customers', second, key2);
        // (An upsert may take sequence numbers it does not use: the new id is past the others.)
        const created = mixed.body.results[2]?.id ?? '0';
        expect(BigInt(created) > start + 5n).toBe(true);
        expect(mixed.body.results.map((r) => [r.outcome, r.id])).toEqual([
          ['updated', String(start + 5n)],
          ['updated', String(start)],
          ['created', created],
        ]);
        const again = await api.post<ImportBatchResponse>('/v1/import/customers', second, key2);
        expect(again.headers.get('idempotent-replayed')).toBe('true');
        expect(again.body).toEqual(mixed.body);
      });
  },
  ['postgres', 'mysql'],
);
