import type { ImportBatchResponse, ImportRecord } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

const BATCHES = 6;
const PER_BATCH = 200;

const customers = (b: number): ImportRecord[] =>
  Array.from({ length: PER_BATCH }, (_, k) => customer(`c${b}-${k}`, { phone: `+1 ${k}` }));
const products = (b: number): ImportRecord[] =>
  Array.from({ length: PER_BATCH }, (_, k) => ({
    externalId: `p${b}-${k}`,
    fields: { name: `P ${k}`, unitPrice: `${k}.50`, attributes: { size: k, tags: ['a', String(b)] } },
  }));

const hashes = (responses: readonly ImportBatchResponse[]) =>
  responses.flatMap((r) => r.results.map((x) => `${x.externalId} ${x.outcome} ${x.contentHash}`));

/**
 * Content hashes are computed in one array kept between records (`content-hash.ts`): imports of
 * entities with different numbers of fields into two tenants at once must give each record the hash
 * it gets when imported alone.
 */
describeEachDialect('content hashes of concurrent imports', (target) => {
  const fixture = useCore(target);

  it('are those of the same batches imported one at a time', async () => {
    const [a, b, c, d] = await Promise.all(['ca', 'pa', 'cs', 'ps'].map((t) => fixture().tenant(t)));
    if (a === undefined || b === undefined || c === undefined || d === undefined)
      throw new Error('no tenant');
    const batches = Array.from({ length: BATCHES }, (_, n) => n);
    // One at a time first, products (fewer fields) before customers: no record follows a longer one.
    const alone: ImportBatchResponse[] = [];
    for (const n of batches)
      alone.push(
        (await d.post<ImportBatchResponse>('/v1/import/products', { source: 's', records: products(n) }))
          .body,
      );
    for (const n of batches)
      alone.push(
        (await c.post<ImportBatchResponse>('/v1/import/customers', { source: 's', records: customers(n) }))
          .body,
      );
    const together = await Promise.all([
      ...batches.map((n) =>
        b.post<ImportBatchResponse>('/v1/import/products', { source: 's', records: products(n) }),
      ),
      ...batches.map((n) =>
        a.post<ImportBatchResponse>('/v1/import/customers', { source: 's', records: customers(n) }),
      ),
    ]);
    expect(together.map((r) => r.status)).toEqual(together.map(() => 200));
    const got = hashes(together.map((r) => r.body));
    expect(got).toEqual(hashes(alone));
    expect(got.every((line) => line.includes(' created '))).toBe(true);
  });
});
