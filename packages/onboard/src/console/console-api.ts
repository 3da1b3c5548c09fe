import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { redactUrl } from '../config/redact-url.ts';
import { rejectionsCsvLines } from '../pipeline/rejections-csv.ts';
import type { RunStore } from '../store/run-store.ts';
import { runDetail } from './run-live.ts';
import { listRunItems } from './run-views.ts';
import { throughputSeries } from './throughput.ts';

/** Runs the runs page lists at most (newest first). */
const RUNS_LISTED = 500;

const runParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

const rejectionQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    entity: { type: 'string', maxLength: 100 },
    code: { type: 'string', maxLength: 100 },
    q: { type: 'string', maxLength: 200 },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    offset: { type: 'integer', minimum: 0, default: 0 },
  },
} as const;

const notFound = (reply: FastifyReply, id: string) =>
  reply
    .code(404)
    .type('application/problem+json')
    .send({ status: 404, title: 'no such run', detail: `no run ${id} in the run store` });

/** The console's read-only JSON API over the run store (every route behind the token). */
export function registerConsoleApi(app: FastifyInstance, store: RunStore, coreUrl?: string): void {
  app.get('/api/runs', async () => listRunItems(store, RUNS_LISTED));

  app.get<{ Params: { id: string } }>(
    '/api/runs/:id',
    { schema: { params: runParams } },
    async (request, reply) => {
      const detail = await runDetail(store, request.params.id);
      return detail ?? notFound(reply, request.params.id);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/runs/:id/throughput',
    { schema: { params: runParams } },
    async (request, reply) => {
      if ((await store.getRun(request.params.id)) === undefined) return notFound(reply, request.params.id);
      return throughputSeries(await store.batchTimeline(request.params.id));
    },
  );

  app.get<{
    Params: { id: string };
    Querystring: { entity?: string; code?: string; q?: string; limit: number; offset: number };
  }>(
    '/api/runs/:id/rejections',
    { schema: { params: runParams, querystring: rejectionQuery } },
    async (request, reply) => {
      const { id } = request.params;
      if ((await store.getRun(id)) === undefined) return notFound(reply, id);
      const { entity, code, q, limit, offset } = request.query;
      const filter = {
        ...(entity ? { entity } : {}),
        ...(code ? { code } : {}),
        ...(q ? { text: q } : {}),
      };
      return store.findRejections(id, filter, limit, offset);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/runs/:id/reasons',
    { schema: { params: runParams } },
    async (request, reply) => {
      if ((await store.getRun(request.params.id)) === undefined) return notFound(reply, request.params.id);
      return store.rejectionReasons(request.params.id);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/runs/:id/rejections.csv',
    { schema: { params: runParams } },
    async (request, reply) => {
      const { id } = request.params;
      if ((await store.getRun(id)) === undefined) return notFound(reply, id);
      const file = `rejected-${id.replace(/[^A-Za-z0-9_-]/g, '_')}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(rejectionsCsvLines(store, id)));
    },
  );

  app.get<{ Params: { tenant: string } }>(
    '/api/tenants/:tenant/runs',
    {
      schema: {
        params: {
          type: 'object',
          required: ['tenant'],
          properties: { tenant: { type: 'string', minLength: 1, maxLength: 100 } },
        },
      },
    },
    async (request) =>
      (await listRunItems(store, RUNS_LISTED))
        .filter((run) => run.tenant === request.params.tenant)
        .reverse(),
  );

  app.get('/api/core', async () => {
    if (coreUrl === undefined) return { url: null, reachable: null };
    const url = redactUrl(coreUrl);
    try {
      const response = await fetch(new URL('/healthz', coreUrl), { signal: AbortSignal.timeout(2000) });
      return { url, reachable: response.ok, status: response.status };
    } catch (error) {
      const reason =
        error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
      return { url, reachable: false, reason: redactUrl(reason) };
    }
  });
}
