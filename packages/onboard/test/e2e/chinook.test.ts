import { join } from 'node:path';
import type { TenantDialect } from '@madeup/contract';
import {
  createTestDatabase,
  type DialectName,
  describeWithServer,
  loadChinook,
  MYSQL,
  POSTGRES,
  type TestDatabase,
} from '@madeup/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../src/connectors/value.ts';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import { runImport } from '../pipeline/pipeline-support.ts';
import { CHINOOK_MAPPING, coreCounts, coreRecord, sourceTables, useE2eCore } from './e2e-support.ts';

/** Each source technology and each tenant technology appears once. */
const PAIRS: readonly { source: DialectName; tenant: TenantDialect; label: string }[] = [
  { source: 'sqlite', tenant: 'postgres', label: 'SQLite -> PostgreSQL tenant' },
  { source: 'mysql', tenant: 'sqlite', label: 'MariaDB -> SQLite tenant' },
  { source: 'postgres', tenant: 'mysql', label: 'PostgreSQL -> MariaDB tenant' },
];
const SOURCE = 'chinook';
const TABLES = ['Employee', 'Customer', 'Track', 'Invoice', 'InvoiceLine'] as const;
/** Rows compared field by field per entity, spread evenly over the table. */
const SAMPLE = 8;

const sample = <T>(rows: readonly T[]): T[] =>
  Array.from({ length: SAMPLE }, (_, i) => rows[Math.floor((i * (rows.length - 1)) / (SAMPLE - 1))]!);
const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const text = (value: unknown): string | null => (value === null ? null : String(value));
const instant = (value: unknown): number =>
  Date.parse(String(value).replace(' ', 'T').replace(/(\d)$/, '$1Z'));

describeWithServer('Chinook end to end', POSTGRES, () => {
  describeWithServer('(with MariaDB)', MYSQL, () => {
    const fixture = useE2eCore();

    for (const pair of PAIRS) {
      describe(pair.label, () => {
        let database: TestDatabase;
        let tables: Map<string, Row[]>;
        let token: string;
        let first: RunSummary;
        const config = () => ({
          mappingPath: CHINOOK_MAPPING,
          sourceUrl: database.url,
          coreUrl: fixture().core.url,
          token,
          storeUrl: join(fixture().dir, `runs-${pair.source}.sqlite`),
          dryRun: false,
          concurrency: 2,
          partitionRows: 2000,
        });
        beforeAll(async () => {
          database = await createTestDatabase(pair.source, 'chinook_e2e');
          await loadChinook(database);
          tables = await sourceTables(database.url, TABLES);
          token = (await fixture().tenant(pair.tenant)).token;
          first = await runImport(config());
        });
        afterAll(async () => {
          await database?.drop();
        });

        it('loads every source row: core counts equal the source counts, checksums reconcile', async () => {
          const rows = (table: string) => tables.get(table)!;
          const invoices = rows('Invoice');
          const cities = new Set(rows('Employee').map((e) => `${e['country']}/${e['state']}/${e['city']}`));
          // The mapping documents no rejection for Chinook: every row becomes a record.
          const expected = {
            locations: cities.size,
            staff: rows('Employee').length,
            customers: rows('Customer').length,
            products: rows('Track').length,
            invoices: invoices.length,
            invoiceLines: rows('InvoiceLine').length,
            payments: invoices.filter((i) => Number(i['total']) > 0).length,
          };
          expect(expected.products).toBe(3503);
          expect(first.status).toBe('succeeded');
          expect(Object.fromEntries(first.entities.map((t) => [t.entity, t.created]))).toEqual(expected);
          expect(first.entities.every((t) => t.rejected === 0 && t.skipped === 0)).toBe(true);
          const counts = await coreCounts(fixture().core, token, SOURCE);
          expect(Object.fromEntries(Object.entries(counts).map(([e, c]) => [e, c.count]))).toEqual(expected);
          expect(first.reconciliation.map((r) => [r.entity, r.status])).toEqual(
            first.entities.map((t) => [t.entity, 'match']),
          );
          for (const r of first.reconciliation) expect(counts[r.entity]?.checksum).toBe(r.checksum);
        });

        it('stores a sample of records equal, field by field, to their source rows', async () => {
          const read = (entity: string, id: unknown) =>
            coreRecord(fixture().core, token, entity, SOURCE, String(id)).then((r) => {
              if (r === null) throw new Error(`core has no ${entity} ${String(id)}`);
              return r;
            });
          for (const row of sample(tables.get('Customer')!)) {
            const record = await read('customers', row['customerid']);
            expect(record.fields).toMatchObject({
              firstName: String(row['firstname']).trim(),
              lastName: String(row['lastname']).trim(),
              email: String(row['email']).trim().toLowerCase(),
              address: { line1: row['address'], city: row['city'], postalCode: row['postalcode'] ?? null },
            });
            expect(record.refs['accountManager']).toBe(text(row['supportrepid']));
          }
          for (const row of sample(tables.get('Track')!)) {
            const record = await read('products', row['trackid']);
            expect(record.fields).toMatchObject({ name: row['name'], sku: `TRK-${row['trackid']}` });
            expect(num(record.fields['unitPrice'])).toBe(num(row['unitprice']));
            const attributes = record.fields['attributes'] as Record<string, unknown>;
            expect(attributes['composer'] ?? null).toBe(row['composer']);
            expect(num(attributes['bytes'])).toBe(num(row['bytes']));
            expect(num(attributes['albumId'])).toBe(num(row['albumid']));
          }
          for (const row of sample(tables.get('Invoice')!)) {
            const record = await read('invoices', row['invoiceid']);
            expect(record.fields['number']).toBe(`INV-${row['invoiceid']}`);
            expect(num(record.fields['total'])).toBe(num(row['total']));
            expect(instant(record.fields['issuedAt'])).toBe(instant(row['invoicedate']));
            expect(record.fields['status']).toBe(Number(row['total']) > 0 ? 'paid' : 'void');
            expect(record.refs['customer']).toBe(text(row['customerid']));
          }
          for (const row of sample(tables.get('InvoiceLine')!)) {
            const record = await read('invoiceLines', row['invoicelineid']);
            expect(num(record.fields['quantity'])).toBe(num(row['quantity']));
            expect(num(record.fields['unitPrice'])).toBe(num(row['unitprice']));
            expect(record.refs).toMatchObject({
              invoice: text(row['invoiceid']),
              product: text(row['trackid']),
            });
          }
          for (const row of sample(tables.get('Employee')!)) {
            const record = await read('staff', row['employeeid']);
            expect(record.fields).toMatchObject({
              title: row['title'],
              lastName: String(row['lastname']).trim(),
            });
            expect(record.refs['manager']).toBe(text(row['reportsto']));
          }
        });

        it('reruns with zero created and zero updated, and still reconciles', async () => {
          const again = await runImport(config());
          expect(again.status).toBe('succeeded');
          expect(again.entities.map((t) => [t.entity, t.created, t.updated])).toEqual(
            first.entities.map((t) => [t.entity, 0, 0]),
          );
          expect(again.entities.map((t) => t.unchanged)).toEqual(first.entities.map((t) => t.created));
          expect(again.reconciliation.every((r) => r.status === 'match')).toBe(true);
        });
      });
    }
  });
});
