import type { WhoAmI } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import { useCore } from '../support/core-fixture.ts';

describeEachDialect(
  'GET /v1/whoami',
  (target) => {
    const fixture = useCore(target);

    it("names the token's tenant and a stable token id that is not the token", async () => {
      const one = await fixture().tenant('one');
      const two = await fixture().tenant('two');
      const a = await one.get<WhoAmI>('/v1/whoami');
      const again = await one.get<WhoAmI>('/v1/whoami');
      const b = await two.get<WhoAmI>('/v1/whoami');
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ kind: 'tenant', tenantId: one.tenantId });
      expect(b.body).toMatchObject({ kind: 'tenant', tenantId: two.tenantId });
      expect(again.body).toEqual(a.body);
      expect(a.body.tokenId).toMatch(/^tok_[0-9a-f]{16}$/);
      expect(a.body.tokenId).not.toBe(b.body.tokenId);
    });

    it('says admin for the admin token and 401 for an unknown one', async () => {
      const admin = await fixture().admin.get<WhoAmI>('/v1/whoami');
      expect(admin.body.kind).toBe('admin');
      const unknown = await apiClient(fixture().core.url, 'mut_nope').get<{ code: string }>('/v1/whoami');
      expect([unknown.status, unknown.body.code]).toEqual([401, 'unauthorized']);
    });
  },
  ['sqlite'],
);
