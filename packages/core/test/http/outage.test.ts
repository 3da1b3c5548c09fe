import type { Problem } from '@madeup/contract';
import { startCore } from '@madeup/core';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import { silentLogs, useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

describeEachDialect(
  'database outage',
  (target) => {
    const fixture = useCore(target);

    it('answers 503 with Retry-After when the tenant database server does not answer', async () => {
      const api = await fixture().tenant();
      // A second process on the same catalog whose tenant server address is dead.
      const dead = 'postgres://postgres@127.0.0.1:9/none'.replace('postgres:', `${target.name}:`);
      const blind = await startCore({
        ...fixture().options,
        servers: { [target.name]: dead },
        logDestination: silentLogs(),
      });
      try {
        const response = await apiClient(blind.url, api.token).post<Problem>('/v1/import/customers', {
          source: 's',
          records: [customer('x')],
        });
        expect([response.status, response.body.code]).toEqual([503, 'database_unavailable']);
        expect(response.headers.get('retry-after')).toBe('5');
        expect(JSON.stringify(response.body)).not.toContain('127.0.0.1:9');
      } finally {
        await blind.close();
      }
    });
  },
  ['postgres', 'mysql'],
);
