import { Writable } from 'node:stream';
import type { ImportBatchResponse } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.ts';
import { apiClient } from '../support/api-client.ts';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

const lines: string[] = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    lines.push(String(chunk));
    done();
  },
});

describeEachDialect(
  'operations',
  (target) => {
    const fixture = useCore(target, {
      logLevel: 'info',
      logDestination: capture,
      servers: {
        mysql: 'mysql://root:hunter2-secret@127.0.0.1:3306',
        postgres: 'postgres://postgres@127.0.0.1:5432/?sslmode=disable&password=hunter3-query',
      },
    });

    it('serves /healthz, /readyz, /metrics and Swagger UI at /docs', async () => {
      const api = await fixture().shared();
      const imported = await api.post<ImportBatchResponse>('/v1/import/customers', {
        source: 's',
        records: [customer('m1')],
      });
      expect(imported.status).toBe(200);
      const anon = apiClient(fixture().core.url, '');
      expect((await anon.get('/healthz')).status).toBe(200);
      expect((await anon.get<{ status: string }>('/readyz')).body.status).toBe('ready');
      const metrics = await fetch(`${fixture().core.url}/metrics`).then((r) => r.text());
      expect(metrics).toContain('madeup_import_records_total{entity="customers",outcome="created"} 1');
      expect(metrics).toMatch(
        /madeup_http_requests_total\{method="POST",route="\/v1\/import\/:entity",status="200"\} 1/,
      );
      expect(metrics).toContain('madeup_http_request_duration_seconds_bucket');
      const ui = await fetch(`${fixture().core.url}/docs/`);
      expect([ui.status, await ui.text()]).toEqual([200, expect.stringContaining('swagger')]);
      const openapi = await anon.get<{
        paths: Record<string, unknown>;
        components: { schemas: Record<string, { properties: { fields: { required: string[] } } }> };
      }>('/docs/json');
      expect(openapi.body.components.schemas['invoicesRecord']?.properties.fields.required).toEqual([
        'issuedAt',
        'total',
      ]);
      expect(Object.keys(openapi.body.paths)).toEqual(
        expect.arrayContaining(['/v1/import/{entity}', '/v1/schema', '/v1/stats', '/v1/records/{entity}']),
      );
    });

    it('never logs tokens or URL passwords', async () => {
      const api = await fixture().shared();
      await api.post('/v1/import/customers', { source: 's', records: [customer('m2')] });
      const text = lines.join('');
      expect(text).toContain('core starting');
      expect(text).toContain('root:***@127.0.0.1');
      expect(text).not.toContain('hunter2-secret');
      expect(text).not.toContain('hunter3-query');
      expect(text).toContain('sslmode=disable&password=***');
      expect(text).not.toContain(api.token);
      expect(text).not.toContain(fixture().core.adminToken ?? 'no admin token');
    });
  },
  ['sqlite'],
);

it('redacts authorization headers and token fields in any log line', () => {
  const out: string[] = [];
  const logger = createLogger(
    'info',
    new Writable({ write: (c, _e, done) => done(void out.push(String(c))) }),
  );
  logger.info({ req: { headers: { authorization: 'Bearer mut_secret1' } }, token: 'mut_secret2' }, 'x');
  logger.info('connect to postgres://u:pw-secret3@db:5432/x failed');
  logger.info({ catalog: 'mysql://db/x?user=u&password=pw-secret4&ssl=1' }, 'connect');
  const text = out.join('');
  for (const secret of ['mut_secret1', 'mut_secret2', 'pw-secret3', 'pw-secret4'])
    expect(text).not.toContain(secret);
  expect(text).toContain('[redacted]');
});
