import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHINOOK_DIR } from '@madeup/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateNormalised, NORMALISED_MAPPING } from '../../normalised/index.ts';
import { generateVendorX, VENDOR_X_MAPPING } from '../../vendor-x/index.ts';
import { columnsOf, compareMappings } from '../compare-mappings.ts';
import { measureInit } from '../measure-init.ts';

describe('compareMappings', () => {
  it('reads the columns of expressions, templates and conditions, not of constants and options', () => {
    expect(columnsOf({ lower: { trim: 'Email' } })).toEqual(['Email']);
    expect(columnsOf('{Country}/{City}')).toEqual(['Country', 'City']);
    expect(columnsOf({ lookup: 'Code', table: 'codes', default: { const: 'x' } })).toEqual(['Code']);
    // biome-ignore lint/suspicious/noThenProperty: `then` is a key of the mapping format, not a promise
    expect(columnsOf({ when: [{ if: { gt: ['Total', 0] }, then: { const: 'paid' } }], else: null })).toEqual([
      'Total',
    ]);
    expect(columnsOf({ date: 'hire_dt', format: 'MM/dd/yyyy' })).toEqual(['hire_dt']);
    expect(columnsOf({ keep: ['A', 'B'] })).toEqual(['A', 'B']);
  });

  it('counts right, wrong and missed items and the streams', () => {
    const hand = {
      entities: {
        a: { stream: 'T', id: '{Id}', fields: { x: 'X', y: { trim: 'Y' }, z: { const: 1 }, o: { m: 'M' } } },
        b: { stream: 'U', id: '{Id}' },
      },
    };
    const draft = { entities: { a: { stream: 't', id: '{ID}', fields: { x: 'Y', o: { m: 'M' }, w: 'W' } } } };
    const result = compareMappings(hand, draft, new Set(['o']));
    expect([result.right, result.wrong, result.missed]).toEqual([2, 1, 2]);
    expect(result.extra).toEqual(['a.w']);
    expect(result.streams).toEqual({ right: 1, wrong: 0, missed: 1 });
  });
});

describe('mapping init measured on Chinook, Vendor X and the normalised shop (SQLite)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'measure-init-test-'));
    await copyFile(join(CHINOOK_DIR, 'Chinook_Sqlite.sqlite'), join(dir, 'chinook.sqlite'));
    await generateVendorX({ target: `sqlite:${join(dir, 'vx.sqlite')}`, rows: 1000, seed: 1 });
    await generateNormalised({ target: `sqlite:${join(dir, 'shop.sqlite')}`, customers: 50, seed: 1 });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('drafts Chinook with no wrong field, every picked stream right, and a draft check accepts', async () => {
    const chinook = await measureInit(
      'chinook',
      `sqlite:${join(dir, 'chinook.sqlite')}`,
      join(import.meta.dirname, '../../chinook/mapping.yaml'),
    );
    expect(chinook.problems).toEqual([]);
    expect(chinook.comparison.wrong).toBe(0);
    expect(chinook.comparison.right).toBeGreaterThanOrEqual(44);
    expect(chinook.comparison.streams).toEqual({ right: 6, wrong: 0, missed: 1 });
    expect(chinook.rows.rejected).toBe(0);
  });

  it('drafts Vendor X with no wrong field, at most two missed, and codes and date formats learnt from samples', async () => {
    const vendorX = await measureInit('vendor-x', `sqlite:${join(dir, 'vx.sqlite')}`, VENDOR_X_MAPPING);
    expect(vendorX.problems).toEqual([]);
    expect(vendorX.comparison.wrong).toBe(0);
    expect(vendorX.comparison.missed).toBeLessThanOrEqual(2);
    expect(vendorX.comparison.streams).toEqual({ right: 7, wrong: 0, missed: 0 });
    expect(vendorX.draft).toContain('hiredAt: { date: hire_dt, format: MM/dd/yyyy }');
    expect(vendorX.draft).toMatch(/status: \{ lookup: status_cd, values: \{ (\w: \w+, ){3}\w: \w+ \} \}/);
  });

  it('drafts the normalised shop through its foreign keys: joins for the address and the payment’s customer', async () => {
    const shop = await measureInit('normalised', `sqlite:${join(dir, 'shop.sqlite')}`, NORMALISED_MAPPING);
    expect(shop.problems).toEqual([]);
    expect(shop.comparison.wrong).toBe(0);
    expect(shop.comparison.right).toBeGreaterThanOrEqual(41);
    expect(shop.comparison.streams).toEqual({ right: 7, wrong: 0, missed: 0 });
    expect(shop.draft).toContain('city: { stream: city, on: address.city_id }');
    expect(shop.draft).toContain('customer: "{order.customer_id}"');
  });
});
