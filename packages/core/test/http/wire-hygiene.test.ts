import type { ImportBatchResponse, Problem } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { MAX_ERRORS_PER_RECORD, MAX_ERRORS_PER_RESPONSE } from '../../src/import/cap-errors.ts';
import { useCore } from '../support/core-fixture.ts';
import { rawRequest } from '../support/raw-http.ts';
import { customer } from '../support/sample-records.ts';

/** The status line and the parsed problem of a raw HTTP response. */
function parseRaw(text: string): { status: number; contentType: string; body: Problem } {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
    contentType: /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? '',
    body: JSON.parse(body) as Problem,
  };
}

// Transport-level behaviour is the same whatever the tenant's dialect.
describeEachDialect(
  'wire hygiene',
  (target) => {
    const fixture = useCore(target);

    it('answers 431 and 400 from the HTTP parser and router as problem+json', async () => {
      const url = fixture().core.url;
      const huge = await rawRequest(
        url,
        `GET /v1/schema HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`,
      );
      expect(await huge.closed()).toBe(true);
      const tooLarge = parseRaw(huge.received());
      expect([tooLarge.status, tooLarge.body.code]).toEqual([431, 'headers_too_large']);
      expect(tooLarge.contentType).toBe('application/problem+json');
      const broken = await rawRequest(url, 'GET /v1/schema HTTP/1.1\r\nhost: x\r\nbad header\r\n\r\n');
      expect(await broken.closed()).toBe(true);
      expect(parseRaw(broken.received()).body.code).toBe('invalid_header');
      const api = await fixture().shared();
      const badUrl = await api.get<Problem>('/v1/records/customers/s/%E0%A4%A');
      expect([badUrl.status, badUrl.body.code]).toEqual([400, 'malformed_request']);
      expect(badUrl.headers.get('content-type')).toContain('application/problem+json');
    });

    it('answers 415 for a body that is not JSON', async () => {
      const api = await fixture().shared();
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'text/csv']) {
        const response = await api.raw<Problem>(
          'POST',
          '/v1/import/customers',
          '{"source":"s","records":[]}',
          {
            'content-type': type,
          },
        );
        expect([type, response.status, response.body.code]).toEqual([type, 415, 'unsupported_media_type']);
      }
    });

    it('refuses a body that repeats a key, naming the key and where', async () => {
      const api = await fixture().shared();
      const text =
        '{"source":"dup","records":[{"externalId":"a","fields":{"firstName":"A","lastName":"B","email":"a@b.c"}},' +
        '{"externalId":"b","fields":{"firstName":"A","lastName":"B","email":"b@b.c","lastName":"C"}}]}';
      const response = await api.raw<Problem>('POST', '/v1/import/customers', text);
      expect([response.status, response.body.code]).toEqual([400, 'duplicate_json_key']);
      expect(response.body.detail).toBe(
        `key "lastName" appears twice in the object at /records/1/fields (second at character ${text.lastIndexOf('"lastName"')})`,
      );
      const top = await api.raw<Problem>(
        'POST',
        '/v1/import/customers',
        '{"source":"a","records":[],"source":"b"}',
      );
      expect(top.body.detail).toContain('key "source" appears twice in the top-level object');
      const escaped = await api.raw<Problem>(
        'POST',
        '/v1/import/customers',
        '{"source":"a","records":[],"\\u0073ource":"b"}',
      );
      expect(escaped.body.code).toBe('duplicate_json_key');
      // A body over 128 KiB, parsed in pieces: the same answers, offsets in characters past the é's.
      const records = Array.from({ length: 600 }, (_, n) => ({
        externalId: `big-${n}`,
        fields: { firstName: 'é'.repeat(100), lastName: 'B', email: `big${n}@b.c` },
      }));
      const big = JSON.stringify({ source: 'dup', records });
      expect(Buffer.byteLength(big)).toBeGreaterThan(128 * 1024);
      const late = big.indexOf('"email":"big550@');
      const twice = `${big.slice(0, late)}"email":"x@b.c",${big.slice(late)}`;
      const bigResponse = await api.raw<Problem>('POST', '/v1/import/customers', twice);
      expect([bigResponse.status, bigResponse.body.code]).toEqual([400, 'duplicate_json_key']);
      expect(bigResponse.body.detail).toBe(
        `key "email" appears twice in the object at /records/550/fields (second at character ${late + '"email":"x@b.c",'.length})`,
      );
      for (const hostile of [
        `${big.slice(0, late)}"__proto__":{},${big.slice(late)}`,
        `${big.slice(0, late)}"constructor":{"prototype":{}},${big.slice(late)}`,
        `${big.slice(0, late)}"email":,${big.slice(late)}`,
        big.slice(0, -2),
      ]) {
        const refused = await api.raw<Problem>('POST', '/v1/import/customers', hostile);
        expect([refused.status, refused.body.code]).toEqual([400, 'malformed_json']);
      }
      const stats = await api.get<{ entities: { count: number }[] }>('/v1/stats?source=dup');
      expect(stats.body.entities.every((e) => e.count === 0)).toBe(true);
    });

    it('caps the errors of a problem and counts the rest', async () => {
      const api = await fixture().shared();
      const response = await api.post<Problem>('/v1/import/customers/delete', {
        source: 's',
        externalIds: Array.from({ length: 500 }, (_, n) => n),
      });
      expect([response.status, response.body.code]).toEqual([400, 'invalid_request']);
      expect(response.body.errors).toHaveLength(100);
      expect(response.body.errorsOmitted).toBe(400);
    });

    it('sends security headers, and no-store on every answer', async () => {
      const { admin } = fixture();
      const created = await admin.post('/v1/tenants', {
        id: `hdr-${Date.now().toString(36)}`,
        dialect: 'sqlite',
      });
      const schema = await admin.get('/v1/schema');
      for (const response of [created, schema]) {
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(response.headers.get('x-frame-options')).toBe('DENY');
        expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
        expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      }
    });

    it('caps the errors of a response and says how many were left out', async () => {
      const api = await fixture().shared();
      const unknown = Object.fromEntries(
        Array.from({ length: 50_000 }, (_, n) => [`junk${n}`, 'x'.repeat(20)]),
      );
      const many = Array.from({ length: 400 }, (_, n) => ({
        externalId: `m${n}`,
        fields: { a: 1, b: 2, c: 3, d: 4 },
      }));
      const response = await api.post<ImportBatchResponse>('/v1/import/customers', {
        source: 'caps',
        records: [{ externalId: 'wide', fields: unknown }, ...many, customer('fine')],
      });
      expect(response.status).toBe(200);
      const [wide, ...rest] = response.body.results;
      expect(wide?.errors).toHaveLength(MAX_ERRORS_PER_RECORD);
      expect(wide?.errorsOmitted).toBeGreaterThanOrEqual(50_000 - MAX_ERRORS_PER_RECORD);
      const rejected = rest.filter((r) => r.outcome === 'rejected');
      expect(rejected).toHaveLength(400);
      expect(rejected.every((r) => (r.errors?.length ?? 0) >= 1)).toBe(true);
      const returned = response.body.results.reduce((n, r) => n + (r.errors?.length ?? 0), 0);
      const omitted = response.body.results.reduce((n, r) => n + (r.errorsOmitted ?? 0), 0);
      expect(returned).toBeLessThanOrEqual(MAX_ERRORS_PER_RESPONSE + 400);
      expect(response.body.errorsOmitted).toBe(omitted);
      expect(rest.at(-1)?.outcome).toBe('created');
      expect(JSON.stringify(response.body).length).toBeLessThan(500_000);
    });
  },
  ['sqlite'],
);
