import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningCore, startCore } from '@madeup/core';
import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateNormalised, NORMALISED_MAPPING, type NormalisedSizes, openSqlTarget } from '../index.ts';
import { counts, runOnboard } from './run-onboard.ts';

const CUSTOMERS = 40;

describeEachDialect('normalised example, end to end', (target) => {
  const database = useTestDatabase(target, 'norm');
  let dir: string;
  let core: RunningCore;
  let token: string;
  let sizes: NormalisedSizes;
  const run = (...extra: string[]) =>
    runOnboard(
      [
        '--mapping',
        NORMALISED_MAPPING,
        '--source',
        database().url,
        '--core',
        core.url,
        '--store',
        join(dir, 'runs.sqlite'),
        '--partition-rows',
        '50',
        ...extra,
      ],
      token,
    );

  /** One record as core holds it. */
  const record = async (entity: string, id: string) => {
    const response = await fetch(
      `${core.url}/v1/records/${entity}/normalised-shop/${encodeURIComponent(id)}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(response.status).toBe(200);
    return (await response.json()) as { fields: Record<string, unknown>; refs: Record<string, unknown> };
  };
  /** Rows of a query on the source, on any engine (`?` parameters). */
  const source = async (sql: string, params: (string | number)[] = []) => {
    const target = await openSqlTarget(database().url);
    try {
      return await target.all(sql, params);
    } finally {
      await target.close();
    }
  };
  const ADDRESS_OF_CUSTOMER =
    'SELECT a.street, a.postal_code, ci.name AS city, co.iso_code FROM customer cu JOIN address a ON a.address_id = cu.address_id' +
    ' JOIN city ci ON ci.city_id = a.city_id JOIN country co ON co.country_id = ci.country_id WHERE cu.customer_id = ?';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'normalised-'));
    core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
    token = (await core.createTenant(`norm-${target.name}-${process.pid}`)).token;
    sizes = await generateNormalised({ target: database().url, customers: CUSTOMERS, seed: 5 });
  });
  afterAll(async () => {
    await core?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('a full run makes a record of every row, an order row both an invoice and its line', async () => {
    // Incremental from the start: with no watermark yet it reads everything, and sets them.
    const summary = await run('--incremental');
    expect(summary.status).toBe('succeeded');
    expect(counts(summary.entities)).toEqual({
      locations: [sizes.store, sizes.store, 0, 0, 0],
      staff: [sizes.staff, sizes.staff, 0, 0, 0],
      customers: [sizes.customer, sizes.customer, 0, 0, 0],
      products: [sizes.product, sizes.product, 0, 0, 0],
      invoices: [sizes.orders, sizes.orders, 0, 0, 0],
      invoiceLines: [sizes.orders, sizes.orders, 0, 0, 0],
      payments: [sizes.payment, sizes.payment, 0, 0, 0],
    });
    // Fields and references that follow foreign keys: customer -> address -> city -> country, payment -> order.
    for (const id of [1, 17, CUSTOMERS]) {
      const [expected] = await source(ADDRESS_OF_CUSTOMER, [id]);
      expect((await record('customers', String(id))).fields['address']).toEqual({
        line1: expected?.['street'],
        line2: null,
        city: expected?.['city'],
        region: null,
        postalCode: expected?.['postal_code'],
        country: expected?.['iso_code'],
      });
    }
    const [order] = await source('SELECT customer_id, currency FROM orders WHERE order_id = 3');
    const payment = await record('payments', '2'); // payment 2 pays order 3
    expect(payment.fields['currency']).toBe(order?.['currency']);
    expect(payment.refs['customer']).toBe(String(order?.['customer_id']));
    expect((await record('invoiceLines', '3/1')).refs['invoice']).toBe('3');
  }, 60_000);

  it('an unchanged rerun writes nothing: a full one finds every record unchanged, an incremental one reads nothing', async () => {
    const full = await run();
    for (const e of full.entities)
      expect([e.entity, e.created, e.updated, e.rejected]).toEqual([e.entity, 0, 0, 0]);
    const incremental = await run('--incremental');
    expect(incremental.entities.reduce((sum, e) => sum + e.read, 0)).toBe(0);
  }, 60_000);

  it('an incremental run after a city is renamed re-reads exactly the customers and stores in it', async () => {
    const [busiest] = await source(
      'SELECT a.city_id, count(*) AS n FROM customer cu JOIN address a ON a.address_id = cu.address_id' +
        ' GROUP BY a.city_id ORDER BY count(*) DESC, a.city_id LIMIT 1',
    );
    const city = Number(busiest?.['city_id']);
    const customers = (
      await source(
        'SELECT cu.customer_id FROM customer cu JOIN address a ON a.address_id = cu.address_id WHERE a.city_id = ?',
        [city],
      )
    ).map((row) => String(row['customer_id']));
    const stores = await source(
      'SELECT s.store_id FROM store s JOIN address a ON a.address_id = s.address_id WHERE a.city_id = ?',
      [city],
    );
    const target = await openSqlTarget(database().url);
    try {
      await target.run(
        "UPDATE city SET name = 'Renamedton', updated_at = '2099-01-01 00:00:00' WHERE city_id = ?",
        [city],
      );
    } finally {
      await target.close();
    }
    const summary = await run('--incremental');
    const n = customers.length;
    const m = stores.length;
    expect(counts(summary.entities)).toMatchObject({
      customers: [n, 0, n, 0, 0],
      ...(m > 0 ? { locations: [m, 0, m, 0, 0] } : {}),
    });
    for (const e of summary.entities)
      if (e.entity !== 'customers' && e.entity !== 'locations')
        expect([e.entity, e.read]).toEqual([e.entity, 0]);
    const address = (await record('customers', customers[0] as string)).fields['address'] as Record<
      string,
      unknown
    >;
    expect(address['city']).toBe('Renamedton');
    // The watermark moved past the change: the next incremental run reads nothing again.
    const after = await run('--incremental');
    expect(after.entities.reduce((sum, e) => sum + e.read, 0)).toBe(0);
  }, 60_000);
});
