import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateVendorX, type TouchSummary, touchVendorX, VENDOR_X_TABLES, vendorXSizes } from '../index.ts';
import { emptyDirtTally } from '../lib/dirt-tally.ts';
import { money } from '../lib/format.ts';
import { seedBits } from '../lib/random.ts';
import { itemFacts } from '../lib/tables/item.ts';
import { databaseDigest, expectedDigest } from './content-digest.ts';
import { normaliseCell, openQueryTarget, type QueryTarget } from './query-target.ts';

const ROWS = 2000;
const SEED = 5;

describeEachDialect('vendor-x later activity', (target) => {
  const database = useTestDatabase(target, 'vxtouch');
  let db: QueryTarget;
  let touched: TouchSummary;
  let before: Map<number, Record<string, unknown>>;

  const rowsById = async (table: string, key: string) =>
    new Map((await db.all(`SELECT * FROM ${table}`)).map((r) => [Number(r[key]), r]));

  beforeAll(async () => {
    await generateVendorX({ target: database().url, rows: ROWS, seed: SEED });
    db = await openQueryTarget(database().url);
    before = await rowsById('client', 'client_id');
    touched = await touchVendorX({ target: database().url, rows: ROWS, seed: SEED, count: 20 });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('changes the phone of exactly the clients it names, and stamps them later than anything else', async () => {
    expect(touched.clients).toHaveLength(20);
    expect(touched.items).toHaveLength(2);
    const after = await rowsById('client', 'client_id');
    const changed = [...after.keys()].filter((id) => after.get(id)?.['phone'] !== before.get(id)?.['phone']);
    expect(changed.sort((a, b) => a - b)).toEqual(touched.clients);
    const stamps = [...after.values()].map((r) => normaliseCell(r['last_modified']));
    const latest = stamps.filter((s) => s === '2025-01-01 00:00:00');
    expect(latest).toHaveLength(20);
    expect(stamps.filter((s) => s > '2025-01-01 00:00:00')).toEqual([]);
    for (const id of touched.clients)
      expect(normaliseCell(after.get(id)?.['last_modified'])).toBe(touched.at);
  });

  it('raises the price of the items it names by 10% and leaves the other tables alone', async () => {
    const ctx = { seed: seedBits(SEED), sizes: vendorXSizes(ROWS), tally: emptyDirtTally() };
    const items = await rowsById('item', 'item_id');
    for (const [id, row] of items) {
      const base = itemFacts(ctx, id).priceCents;
      const touchedItem = touched.items.includes(id);
      expect(normaliseCell(row['unit_price']), `item ${id}`).toBe(
        normaliseCell(money(touchedItem ? Math.round(base * 1.1) : base)),
      );
      expect(normaliseCell(row['last_modified']) === touched.at).toBe(touchedItem);
    }
    for (const name of ['branch', 'emp', 'inv_hdr', 'inv_det', 'pmt'] as const) {
      const table = VENDOR_X_TABLES.find((t) => t.name === name)!;
      expect(await databaseDigest(db, table), name).toBe(expectedDigest(table, SEED, ROWS));
    }
  });

  it('is deterministic per round, and another round changes other rows', async () => {
    const again = await touchVendorX({ target: database().url, rows: ROWS, seed: SEED, count: 20 });
    expect(again).toEqual(touched);
    const next = await touchVendorX({ target: database().url, rows: ROWS, seed: SEED, count: 20, round: 2 });
    expect(next.clients).not.toEqual(touched.clients);
    expect(next.at > touched.at).toBe(true);
  });
});
