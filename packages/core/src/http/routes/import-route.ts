import type {} from '@fastify/swagger';
import type { ImportBatchRequest } from '@madeup/contract';
import type { FastifyInstance } from 'fastify';
import { importBatch } from '../../import/import-batch.ts';
import { tenantOf } from '../authenticate.ts';
import type { CoreContext } from '../core-context.ts';
import { entityOf } from '../entity-of.ts';
import { ProblemError } from '../errors/problem-error.ts';

const SOURCE = { type: 'string', pattern: '^[A-Za-z0-9._-]{1,100}$' } as const;

/** `POST /v1/import/{entity}`: an idempotent bulk upsert keyed by (source, externalId). */
export function importRoute(app: FastifyInstance, ctx: CoreContext): void {
  const body = {
    type: 'object',
    required: ['source', 'records'],
    additionalProperties: false,
    properties: {
      source: SOURCE,
      deferUnresolved: { type: 'boolean' },
      // Records are checked one by one by the model, so one bad record never fails the batch.
      records: { type: 'array' },
    },
  } as const;
  app.post<{ Params: { entity: string }; Querystring: { dryRun?: string }; Body: ImportBatchRequest }>(
    '/v1/import/:entity',
    {
      schema: {
        tags: ['import'],
        summary: 'Create or update a batch of records',
        body,
        querystring: {
          type: 'object',
          properties: { dryRun: { type: 'string', enum: ['true', 'false', '1', '0'] } },
        },
      },
    },
    async (request) => {
      const tenantId = await tenantOf(ctx, request);
      const entity = entityOf(ctx.model, request.params.entity);
      const { source, records, deferUnresolved = false } = request.body;
      if (records.length > ctx.config.maxBatchRecords)
        throw new ProblemError('too_many_records', `at most ${ctx.config.maxBatchRecords} records per batch`);
      const tenant = await ctx.pools.get(tenantId);
      const dryRun = request.query.dryRun === 'true' || request.query.dryRun === '1';
      const response = await importBatch({
        db: tenant.db,
        dialect: tenant.storage,
        model: ctx.model,
        entity,
        source,
        records,
        deferUnresolved,
        dryRun,
      });
      await ctx.catalog.recordImport(tenantId, entity.name, source, dryRun, response.counts);
      return response;
    },
  );
}
