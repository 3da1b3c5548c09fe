import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { useCore } from '../support/core-fixture.ts';
import { rawCall } from '../support/raw-call.ts';

describeEachDialect(
  'the Authorization header',
  (target) => {
    const fixture = useCore(target);

    it('refuses a request carrying two Authorization lines, even when the first is valid', async () => {
      const { core } = fixture();
      const a = await fixture().tenant('a');
      const b = await fixture().tenant('b');
      const body = JSON.stringify({ source: 's', records: [] });
      for (const [first, second] of [
        [a.token, b.token],
        [a.token, a.token],
        [a.token, 'mut_nope'],
      ]) {
        const response = await rawCall(
          core.url,
          'POST',
          '/v1/import/customers',
          [
            ['authorization', `Bearer ${first}`],
            ['authorization', `Bearer ${second}`],
          ],
          body,
        );
        expect([response.status, JSON.parse(response.text).code]).toEqual([401, 'unauthorized']);
        const whoami = await rawCall(core.url, 'GET', '/v1/whoami', [
          ['authorization', `Bearer ${first}`],
          ['Authorization', `Bearer ${second}`],
        ]);
        expect([whoami.status, JSON.parse(whoami.text).code]).toEqual([401, 'unauthorized']);
      }
    });

    it('answers 401, not a validation 400, to a request without a valid token', async () => {
      const { core } = fixture();
      const a = await fixture().tenant('v');
      for (const path of [
        `/v1/records/customers?source=s&externalId=c1&tenant=${a.tenantId}`,
        '/v1/stats',
        '/v1/records/customers?limit=x',
        '/v1/tokens?tenant=',
      ])
        for (const lines of [[], [['authorization', `Bearer ${a.token.toUpperCase()}`]]] as [
          string,
          string,
        ][][]) {
          const response = await rawCall(core.url, 'GET', path, lines);
          expect([path, response.status, JSON.parse(response.text).code]).toEqual([
            path,
            401,
            'unauthorized',
          ]);
        }
    });
  },
  ['sqlite'],
);
