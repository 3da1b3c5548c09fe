import type { Problem } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

describeEachDialect('problem responses', (target) => {
  const fixture = useCore(target, { maxBatchBytes: 20_000, maxConcurrentImports: 1 });

  it('answers 400 malformed_json and invalid_request (naming the path) as problem+json', async () => {
    const api = await fixture().shared();
    const broken = await api.raw<Problem>('POST', '/v1/import/customers', '{"source": "s", "records": [');
    expect([broken.status, broken.body.code]).toEqual([400, 'malformed_json']);
    expect(broken.headers.get('content-type')).toContain('application/problem+json');
    const wrong = await api.post<Problem>('/v1/import/customers', { source: 5, records: 'x', extra: true });
    expect([wrong.status, wrong.body.code]).toEqual([400, 'invalid_request']);
    expect(wrong.body.errors?.map((e) => e.path).sort()).toEqual(['/', '/records', '/source']);
    expect(wrong.body.type).toBe('https://madeup.example/problems/invalid_request');
  });

  it('refuses prototype-poisoning keys (400 malformed_json), and accepts a body with a byte-order mark', async () => {
    const api = await fixture().shared();
    for (const body of [
      '{"source":"s","records":[{"externalId":"p1","fields":{"__proto__":{"x":1}}}]}',
      '{"source":"s","records":[{"externalId":"p1","fields":{"\\u005f_proto__":{"x":1}}}]}',
      '{"source":"s","records":[{"externalId":"p1","constructor":{"prototype":{"x":1}}}]}',
      '',
    ]) {
      const refused = await api.raw<Problem>('POST', '/v1/import/customers', body);
      expect([refused.status, refused.body.code]).toEqual([400, 'malformed_json']);
    }
    const fine = await api.raw<{ counts: { rejected: number } }>(
      'POST',
      '/v1/import/customers',
      '\ufeff{"source":"s","records":[{"externalId":"p1","constructor":{"x":1}}]}',
    );
    expect([fine.status, fine.body.counts.rejected]).toEqual([200, 1]);
  });

  it('answers 401 without a valid token', async () => {
    const anonymous = apiClient(fixture().core.url, 'mut_unknown');
    const response = await anonymous.post<Problem>('/v1/import/customers', { source: 's', records: [] });
    expect([response.status, response.body.code]).toEqual([401, 'unauthorized']);
  });

  it('answers 413 for a body over the byte limit', async () => {
    const api = await fixture().shared();
    const records = Array.from({ length: 200 }, (_, n) => customer(`big${n}`));
    const response = await api.post<Problem>('/v1/import/customers', { source: 's', records });
    expect([response.status, response.body.code]).toEqual([413, 'payload_too_large']);
  });

  // Embedded SQLite runs each batch synchronously, so requests never overlap there; the limiter
  // itself is unit-tested in tenant-limiter.test.ts.
  it.skipIf(target.name === 'sqlite')(
    'answers 429 with Retry-After beyond the per-tenant concurrency',
    async () => {
      const api = await fixture().shared();
      const batch = (n: number) => ({
        source: 's',
        records: Array.from({ length: 40 }, (_, i) => customer(`c${n}-${i}`)),
      });
      const responses = await Promise.all(
        [1, 2, 3, 4].map((n) => api.post<Problem>('/v1/import/customers', batch(n))),
      );
      const limited = responses.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(responses.some((r) => r.status === 200)).toBe(true);
      expect(limited[0]?.body.code).toBe('rate_limited');
      expect(limited[0]?.headers.get('retry-after')).toBe('1');
    },
  );
});
