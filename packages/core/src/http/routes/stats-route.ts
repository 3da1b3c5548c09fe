import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { listUnresolved } from '../../readback/list-unresolved.ts';
import { sourceStats } from '../../readback/source-stats.ts';
import { tenantOf } from '../authenticate.ts';
import type { CoreContext } from '../core-context.ts';
import { SOURCE_SCHEMA } from '../source-schema.ts';

/** `GET /v1/stats?source=` (counts and checksums) and `GET /v1/unresolved?source=` (pending refs). */
export function statsRoute(app: FastifyInstance, ctx: CoreContext): void {
  app.get<{ Querystring: { source: string } }>(
    '/v1/stats',
    {
      schema: {
        tags: ['read-back'],
        summary: 'Per-entity count and checksum of one source',
        querystring: { type: 'object', required: ['source'], properties: { source: SOURCE_SCHEMA } },
      },
    },
    async (request) => {
      return ctx.pools.use(await tenantOf(ctx, request), (tenant) =>
        sourceStats(tenant.db, ctx.model, request.query.source, tenant.storage),
      );
    },
  );
  app.get<{ Querystring: { source?: string; limit?: string } }>(
    '/v1/unresolved',
    {
      schema: {
        tags: ['read-back'],
        summary: 'References still waiting for their parent',
        querystring: {
          type: 'object',
          properties: { source: SOURCE_SCHEMA, limit: { type: 'string', pattern: '^[0-9]{1,4}$' } },
        },
      },
    },
    async (request) => {
      const limit = Math.min(1000, Math.max(1, Number(request.query.limit ?? '100')));
      return ctx.pools.use(await tenantOf(ctx, request), (tenant) =>
        listUnresolved(tenant.db, ctx.model, request.query.source, limit),
      );
    },
  );
}
