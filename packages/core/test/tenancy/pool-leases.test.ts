import type { ImportBatchResponse } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

describeEachDialect('tenant pools under a small open-tenant cap', (target) => {
  // One pool open at most: every request for the other tenant pushes out the pool in use.
  const fixture = useCore(target, {
    maxOpenTenants: 1,
    maxTenantBodiesInFlight: 30,
    maxConcurrentImports: 30,
  });

  it('never closes a pool that a request in flight holds', async () => {
    const tenants = [await fixture().tenant('a'), await fixture().tenant('b'), await fixture().tenant('c')];
    const sends = Array.from({ length: 30 }, (_, n) => {
      const api = tenants[n % tenants.length];
      if (api === undefined) throw new Error('no tenant');
      const records = Array.from({ length: 50 }, (_, k) => customer(`r${n}-${k}`));
      return n % 2 === 0
        ? api.post<ImportBatchResponse>('/v1/import/customers', { source: 'cap', records })
        : api.get<ImportBatchResponse>('/v1/stats?source=cap');
    });
    const responses = await Promise.all(sends);
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    const stats = await Promise.all(
      tenants.map((t) => t.get<{ entities: { count: number }[] }>('/v1/stats?source=cap')),
    );
    const counts = stats.map((s) => s.body.entities.reduce((sum, e) => sum + e.count, 0));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(15 * 50);
  });
});
