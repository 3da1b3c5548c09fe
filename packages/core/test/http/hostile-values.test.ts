import type { ImportBatchResponse, Problem, RecordPage, SourceStats } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../src/model/kinds/json-kind.ts';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

const product = (externalId: string, attributes: unknown) => ({
  externalId,
  fields: { name: `P ${externalId}`, unitPrice: '1.00', attributes },
});

/** The JSON text of an object nested `depth` levels deep: {"a":{"a":...1...}}. */
const nested = (depth: number) => `${'{"a":'.repeat(depth - 1)}{"a":1}${'}'.repeat(depth - 1)}`;

describeEachDialect(
  'hostile values: one bad value is one rejected record, one bad request a 4xx',
  (target) => {
    const fixture = useCore(target);

    it('rejects JSON attributes that no dialect can hold exactly, per record, and stores the rest', async () => {
      const api = await fixture().shared();
      const records = [
        product('surrogate', { name: 'x\udc00y' }),
        product('surrogate-key', { ['k\ud800']: 1 }),
        product('nul', { name: 'a\u0000b' }),
        product('nul-key', { ['a\u0000']: true }),
        product('fine', {
          nested: { list: [1, 'two', null, { three: 3 }] },
          text: '\\u0000 is six characters',
        }),
      ];
      const text = JSON.stringify({ source: 'hostile-json', records });
      const response = await api.raw<ImportBatchResponse>('POST', '/v1/import/products', text);
      expect(response.status).toBe(200);
      expect(
        response.body.results.map((r) => [r.outcome, r.errors?.[0]?.code, r.errors?.[0]?.field]),
      ).toEqual([
        ['rejected', 'invalid_format', 'fields.attributes'],
        ['rejected', 'invalid_format', 'fields.attributes'],
        ['rejected', 'invalid_format', 'fields.attributes'],
        ['rejected', 'invalid_format', 'fields.attributes'],
        ['created', undefined, undefined],
      ]);
      expect(response.body.results[0]?.errors?.[0]?.message).toMatch(
        /\$\.name: contains an unpaired UTF-16 surrogate/,
      );
    });

    it('rejects attributes nested 10,000 deep and infinite numbers as that record, never a 500', async () => {
      const api = await fixture().shared();
      const ok = JSON.stringify(product('ok', { a: 1 }));
      const deep = `{"externalId":"deep","fields":{"name":"D","unitPrice":"1.00","attributes":${nested(10_000)}}}`;
      const edge = `{"externalId":"edge","fields":{"name":"E","unitPrice":"1.00","attributes":${nested(MAX_JSON_DEPTH)}}}`;
      const over = `{"externalId":"over","fields":{"name":"O","unitPrice":"1.00","attributes":${nested(MAX_JSON_DEPTH + 1)}}}`;
      const inf = '{"externalId":"inf","fields":{"name":"I","unitPrice":"1.00","attributes":{"n":1e999}}}';
      const deepRecord = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      const response = await api.raw<ImportBatchResponse>(
        'POST',
        '/v1/import/products',
        `{"source":"hostile-deep","records":[${deep},${edge},${over},${inf},${deepRecord},${ok}]}`,
      );
      expect(response.status).toBe(200);
      expect(response.body.results.map((r) => r.errors?.[0]?.code ?? r.outcome)).toEqual([
        'too_large',
        'created',
        'too_large',
        'invalid_format',
        'invalid_type',
        'created',
      ]);
      const edgeView = await api.get<{ fields: Record<string, unknown> }>(
        '/v1/records/products/hostile-deep/edge',
      );
      expect(JSON.stringify(edgeView.body.fields['attributes'])).toBe(nested(MAX_JSON_DEPTH));
    });

    it('answers 400 problem+json to NUL and unpaired surrogates in cursors, path ids and delete ids, changing nothing', async () => {
      const api = await fixture().shared();
      await api.post('/v1/import/customers', { source: 'hostile-ids', records: [customer('keep')] });
      const before = await api.get<SourceStats>('/v1/stats?source=hostile-ids');
      const cursor = (text: string) => Buffer.from(text).toString('base64url');
      const answers = [
        await api.get<Problem>(`/v1/records/customers?source=hostile-ids&after=${cursor('x:a\u0000b')}`),
        await api.get<Problem>(`/v1/records/customers?source=hostile-ids&after=${cursor('x:\u0000')}`),
        await api.get<Problem>(`/v1/records/customers?after=${cursor('id:99999999999999999999')}`),
        await api.get<Problem>(`/v1/records/customers?after=${cursor('id:9223372036854775808')}`),
        await api.get<Problem>('/v1/records/customers/hostile-ids/ke%00ep'),
        await api.get<Problem>('/v1/records/customers/hostile%00ids/keep'),
        await api.post<Problem>('/v1/import/customers/delete', {
          source: 'hostile-ids',
          externalIds: ['keep', 'ke\u0000ep'],
        }),
        await api.post<Problem>('/v1/import/customers/delete', {
          source: 'hostile-ids',
          externalIds: ['keep', 'x\udc00'],
        }),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(400);
        expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(answer.body.code).toBe('invalid_request');
      }
      expect((await api.get<SourceStats>('/v1/stats?source=hostile-ids')).body).toEqual(before.body);
      const page = await api.get<RecordPage>(
        `/v1/records/customers?after=${cursor('id:9223372036854775807')}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items).toEqual([]);
    });
  },
);
