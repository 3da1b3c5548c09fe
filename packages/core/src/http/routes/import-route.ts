import type {} from '@fastify/swagger';
import { COMPACT_IMPORT_MEDIA_TYPE, encodeCompactImport, type ImportBatchRequest } from '@madeup/contract';
import type { FastifyInstance } from 'fastify';
import { capErrors } from '../../import/cap-errors.ts';
import { importBatch } from '../../import/import-batch.ts';
import { responseJson } from '../../import/response-json.ts';
import { tenantOf } from '../authenticate.ts';
import type { CoreContext } from '../core-context.ts';
import { DRY_RUN_QUERY, isDryRun } from '../dry-run.ts';
import { entityOf } from '../entity-of.ts';
import { ProblemError } from '../errors/problem-error.ts';
import { idempotent } from '../idempotency.ts';
import { SOURCE_SCHEMA } from '../source-schema.ts';

const body = {
  type: 'object',
  required: ['source', 'records'],
  additionalProperties: false,
  properties: {
    source: SOURCE_SCHEMA,
    deferUnresolved: { type: 'boolean' },
    // Records are checked one by one against the model, so one bad record never fails the batch.
    records: { type: 'array' },
  },
} as const;

/** Whether an `Accept` header asks for the compact response (`COMPACT_IMPORT_MEDIA_TYPE`). */
function wantsCompact(accept: string | undefined): boolean {
  return accept?.toLowerCase().includes(COMPACT_IMPORT_MEDIA_TYPE) ?? false;
}

/** `POST /v1/import/{entity}`: an idempotent bulk upsert keyed by (source, externalId). */
export function importRoute(app: FastifyInstance, ctx: CoreContext): void {
  app.post<{ Params: { entity: string }; Querystring: { dryRun?: string }; Body: ImportBatchRequest }>(
    '/v1/import/:entity',
    {
      schema: {
        tags: ['import'],
        summary: 'Create or update a batch of records',
        body,
        querystring: DRY_RUN_QUERY,
      },
    },
    async (request, reply) => {
      const tenantId = await tenantOf(ctx, request);
      const entity = entityOf(ctx.model, request.params.entity);
      const { source, records, deferUnresolved = false } = request.body;
      if (records.length > ctx.config.maxBatchRecords)
        throw new ProblemError('too_many_records', `at most ${ctx.config.maxBatchRecords} records per batch`);
      const dryRun = isDryRun(request.query);
      const response = await ctx.limiter.run(tenantId, () =>
        idempotent(ctx, tenantId, request, reply, async (key) => {
          let replayed = false;
          const remember =
            key === undefined || dryRun
              ? undefined
              : {
                  ...key,
                  onReplay: () => {
                    replayed = true;
                    key.onReplay();
                  },
                };
          const response = await ctx.pools.use(tenantId, async (tenant) =>
            capErrors(
              await importBatch({
                db: tenant.db,
                dialect: tenant.storage,
                model: ctx.model,
                entity,
                source,
                records,
                deferUnresolved,
                dryRun,
                // Stored with the records: a retry after a crash between commit and answer replays it.
                ...(remember === undefined ? {} : { remember }),
              }),
            ),
          );
          // The catalog keeps a marker, not a second copy: a retry replays the tenant's.
          if (remember !== undefined) key?.storedByWork();
          if (replayed) return response; // counted when it ran
          for (const [outcome, n] of Object.entries(response.counts))
            if (n > 0) ctx.metrics.records.inc({ entity: entity.name, outcome }, n);
          await ctx.catalog.recordImport(tenantId, entity.name, source, dryRun, response.counts);
          return response;
        }),
      );
      // Encoded once: given a string, Fastify measures its UTF-8 length and Node.js then encodes it.
      reply.header('vary', 'accept');
      if (wantsCompact(request.headers.accept)) {
        reply.type(`${COMPACT_IMPORT_MEDIA_TYPE}; charset=utf-8`);
        return Buffer.from(JSON.stringify(encodeCompactImport(response)), 'utf8');
      }
      // Sent as the text already stored with it (serialised once, see `responseJson`).
      reply.type('application/json; charset=utf-8');
      return Buffer.from(responseJson(response), 'utf8');
    },
  );
}
