import type {} from '@fastify/swagger';
import { type DeleteBatchRequest, MAX_EXTERNAL_ID_LENGTH } from '@madeup/contract';
import type { FastifyInstance } from 'fastify';
import { deleteBatch } from '../../import/delete-batch.ts';
import { isExternalId } from '../../import/parse-record.ts';
import { tenantOf } from '../authenticate.ts';
import type { CoreContext } from '../core-context.ts';
import { DRY_RUN_QUERY, isDryRun } from '../dry-run.ts';
import { entityOf } from '../entity-of.ts';
import { ProblemError } from '../errors/problem-error.ts';
import { idempotent } from '../idempotency.ts';
import { SOURCE_SCHEMA } from '../source-schema.ts';

const body = {
  type: 'object',
  required: ['source', 'externalIds'],
  additionalProperties: false,
  properties: {
    source: SOURCE_SCHEMA,
    externalIds: {
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: MAX_EXTERNAL_ID_LENGTH },
    },
  },
} as const;

/** `POST /v1/import/{entity}/delete`: marks records gone from the source as deleted (mirror runs). */
export function deleteRoute(app: FastifyInstance, ctx: CoreContext): void {
  app.post<{ Params: { entity: string }; Querystring: { dryRun?: string }; Body: DeleteBatchRequest }>(
    '/v1/import/:entity/delete',
    { schema: { tags: ['import'], summary: 'Mark records as deleted', body, querystring: DRY_RUN_QUERY } },
    async (request, reply) => {
      const tenantId = await tenantOf(ctx, request);
      const entity = entityOf(ctx.model, request.params.entity);
      const { source, externalIds } = request.body;
      const bad = externalIds.findIndex((id) => !isExternalId(id));
      if (bad >= 0)
        throw new ProblemError(
          'invalid_request',
          `externalIds[${bad}] contains NUL or an unpaired surrogate`,
          {
            errors: [{ path: `/externalIds/${bad}`, message: 'not an external id core can hold' }],
          },
        );
      if (externalIds.length > ctx.config.maxBatchRecords)
        throw new ProblemError('too_many_records', `at most ${ctx.config.maxBatchRecords} ids per batch`);
      return ctx.limiter.run(tenantId, () =>
        idempotent(ctx, tenantId, request, reply, () =>
          ctx.pools.use(tenantId, (tenant) =>
            deleteBatch({
              db: tenant.db,
              dialect: tenant.storage,
              entity,
              source,
              externalIds,
              dryRun: isDryRun(request.query),
            }),
          ),
        ),
      );
    },
  );
}
