import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GenerateSummary, generateVendorX, VENDOR_X_TABLES, vendorXSizes } from '../index.ts';
import { databaseDigest, expectedDigest } from './content-digest.ts';
import { openQueryTarget, type QueryTarget } from './query-target.ts';

const ROWS = 5000;
const SEED = 42;

describeEachDialect('vendor-x generator', (target) => {
  const database = useTestDatabase(target, 'vendorx');
  let summary: GenerateSummary;
  let db: QueryTarget;

  beforeAll(async () => {
    summary = await generateVendorX({ target: database().url, rows: ROWS, seed: SEED });
    db = await openQueryTarget(database().url);
  });
  afterAll(async () => {
    await db?.close();
  });

  const count = async (sql: string): Promise<number> =>
    Number(Object.values((await db.all(sql))[0] ?? {})[0]);

  it('writes exactly the rows the seed defines, in every table', async () => {
    for (const table of VENDOR_X_TABLES) {
      expect(await databaseDigest(db, table), table.name).toBe(expectedDigest(table, SEED, ROWS));
    }
  });

  it('fills every table with its share of the rows', async () => {
    const sizes = vendorXSizes(ROWS);
    expect(summary.tables).toEqual(sizes);
    for (const table of VENDOR_X_TABLES) {
      expect(await count(`SELECT count(*) FROM ${table.name}`), table.name).toBe(sizes[table.name]);
    }
    expect(Object.values(sizes).reduce((a, b) => a + b, 0)).toBe(ROWS);
  });

  it('holds the promised dirt, as counted by the generator', async () => {
    const { dirt } = summary;
    for (const [kind, n] of Object.entries(dirt)) expect(n, kind).toBeGreaterThan(0);
    expect(
      await count(
        "SELECT count(*) FROM client WHERE email IS NOT NULL AND (email NOT LIKE '%_@_%._%' OR email LIKE '%@%@%')",
      ),
    ).toBe(dirt.badEmails);
    expect(await count('SELECT count(*) FROM client WHERE email IS NULL')).toBe(dirt.missingEmails);
    expect(
      await count(
        'SELECT count(*) FROM client c WHERE EXISTS (SELECT 1 FROM client o WHERE o.client_id < c.client_id AND lower(trim(o.email)) = lower(trim(c.email)))',
      ),
    ).toBe(dirt.duplicateClients);
    expect(
      await count(
        'SELECT count(*) FROM inv_det d WHERE d.item_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM item i WHERE i.item_id = d.item_id)',
      ),
    ).toBe(dirt.orphanLines);
    expect(
      await count(
        'SELECT count(*) FROM pmt p WHERE p.inv_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM inv_hdr h WHERE h.inv_id = p.inv_id)',
      ),
    ).toBe(dirt.orphanPayments);
    expect(await count('SELECT count(*) FROM inv_det WHERE qty = 0')).toBe(dirt.zeroQuantityLines);

    const created = (await db.all('SELECT created_on FROM client')).map((r) => String(r['created_on'] ?? ''));
    expect(created.filter((d) => /^\d\d\.\d\d\.\d{4}$/.test(d)).length).toBe(dirt.dottedDates);
    expect(
      created.filter((d) => !/^(\d\d\.\d\d\.\d{4}|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)$/.test(d)).length,
    ).toBe(dirt.badDates);

    const clean = /^[A-Z][a-z]+$/;
    const names = [
      ...(await db.all('SELECT first_nm, last_nm FROM emp')),
      ...(await db.all('SELECT first_nm, last_nm FROM client')),
    ];
    const messy = names.filter(
      (r) => !clean.test(String(r['first_nm'])) || !clean.test(String(r['last_nm'])),
    );
    expect(messy.length).toBe(dirt.messyNames + dirt.duplicateClients);
  });

  it('keeps the reference shapes the mapping relies on: the branch/manager cycle and the manager tree', async () => {
    expect(
      await count(
        'SELECT count(*) FROM branch b JOIN emp e ON e.emp_id = b.mgr_emp_id WHERE e.branch_id = b.branch_id',
      ),
    ).toBe(vendorXSizes(ROWS).branch);
    expect(await count('SELECT count(*) FROM emp WHERE reports_to IS NULL')).toBe(1);
    expect(
      await count(
        'SELECT count(*) FROM emp e WHERE e.reports_to IS NOT NULL AND NOT EXISTS (SELECT 1 FROM emp m WHERE m.emp_id = e.reports_to)',
      ),
    ).toBe(0);
  });

  it('replaces its tables: another seed gives other rows, the first seed again the same rows', async () => {
    const client = VENDOR_X_TABLES.find((t) => t.name === 'client')!;
    const first = await databaseDigest(db, client);
    await generateVendorX({ target: database().url, rows: ROWS, seed: SEED + 1 });
    expect(await databaseDigest(db, client)).not.toBe(first);
    const again = await generateVendorX({ target: database().url, rows: ROWS, seed: SEED });
    expect(await databaseDigest(db, client)).toBe(first);
    expect(again.dirt).toEqual(summary.dirt);
  });
});
