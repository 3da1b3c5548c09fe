import type {} from '@fastify/swagger';
import { MAX_EXTERNAL_ID_LENGTH } from '@madeup/contract';
import type { FastifyInstance } from 'fastify';
import { isExternalId } from '../../import/parse-record.ts';
import { selectExisting } from '../../import/select-existing.ts';
import type { StoredRecord } from '../../import/stored-record.ts';
import type { CompiledEntity } from '../../model/compiled-entity.ts';
import { decodeCursor, listRecords } from '../../readback/list-records.ts';
import { recordView } from '../../readback/record-view.ts';
import { tenantOf } from '../authenticate.ts';
import type { CoreContext } from '../core-context.ts';
import { entityOf } from '../entity-of.ts';
import { ProblemError } from '../errors/problem-error.ts';
import { SOURCE_SCHEMA } from '../source-schema.ts';

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    source: SOURCE_SCHEMA,
    after: { type: 'string', maxLength: 100 },
    limit: { type: 'string', pattern: '^[0-9]{1,4}$' },
    externalId: { type: 'string', minLength: 1, maxLength: MAX_EXTERNAL_ID_LENGTH },
  },
} as const;

const recordParams = {
  type: 'object',
  properties: {
    entity: { type: 'string' },
    source: SOURCE_SCHEMA,
    externalId: { type: 'string', minLength: 1, maxLength: MAX_EXTERNAL_ID_LENGTH },
  },
} as const;

/**
 * Read-back: `GET /v1/records/{entity}` (paged; with `source` and `externalId`, the page of that one
 * record) and `GET /v1/records/{entity}/{source}/{externalId}`. The query form reaches every record:
 * a path segment `.` or `..` (also as `%2E`) is removed by URL parsers before a request is sent, so
 * a record whose external id or source is one of those cannot be named in the path.
 */
export function recordsRoute(app: FastifyInstance, ctx: CoreContext): void {
  app.get<{
    Params: { entity: string };
    Querystring: { source?: string; after?: string; limit?: string; externalId?: string };
  }>(
    '/v1/records/:entity',
    {
      schema: {
        tags: ['read-back'],
        summary:
          'List records, paged by id (by external id within a source); with source and externalId, that record only',
        querystring: listQuery,
      },
    },
    async (request) => {
      const tenantId = await tenantOf(ctx, request);
      const entity = entityOf(ctx.model, request.params.entity);
      const { source, after, limit = '100', externalId } = request.query;
      if (externalId !== undefined) {
        if (source === undefined)
          throw new ProblemError(
            'invalid_request',
            'externalId names a record within a source: give source too',
          );
        if (after !== undefined)
          throw new ProblemError('invalid_request', 'externalId names one record: after does not apply');
        const found = await findRecord(ctx, tenantId, entity, source, externalId);
        return { items: found === undefined ? [] : [recordView(entity, source, found)] };
      }
      const cursor = after === undefined ? undefined : decodeCursor(after);
      if (after !== undefined && cursor === undefined)
        throw new ProblemError('invalid_request', 'after is not a cursor');
      if (cursor !== undefined && (cursor.kind === 'xid') !== (source !== undefined))
        throw new ProblemError(
          'invalid_request',
          'after is a cursor of another listing (with and without source differ): start again without after',
        );
      return ctx.pools.use(tenantId, (tenant) =>
        listRecords(tenant.db, entity, {
          ...(source !== undefined ? { source } : {}),
          ...(cursor !== undefined ? { after: cursor } : {}),
          limit: Math.min(1000, Math.max(1, Number(limit))),
        }),
      );
    },
  );
  app.get<{ Params: { entity: string; source: string; externalId: string } }>(
    '/v1/records/:entity/:source/:externalId',
    {
      schema: { tags: ['read-back'], summary: 'One record by source and external id', params: recordParams },
    },
    async (request) => {
      const tenantId = await tenantOf(ctx, request);
      const entity = entityOf(ctx.model, request.params.entity);
      const { source, externalId } = request.params;
      const found = await findRecord(ctx, tenantId, entity, source, externalId);
      if (found === undefined)
        throw new ProblemError('not_found', `no ${entity.name} ${externalId} in source ${source}`);
      return recordView(entity, source, found);
    },
  );
}

/** The stored record of `source` with `externalId`, or undefined; 400 for an id core could not hold. */
async function findRecord(
  ctx: CoreContext,
  tenantId: string,
  entity: CompiledEntity,
  source: string,
  externalId: string,
): Promise<StoredRecord | undefined> {
  if (!isExternalId(externalId))
    throw new ProblemError('invalid_request', 'externalId contains NUL or an unpaired surrogate', {
      errors: [{ path: '/externalId', message: 'not an external id core can hold' }],
    });
  return ctx.pools.use(tenantId, async (tenant) =>
    (await selectExisting(tenant.db, tenant.storage.syntax, entity, source, [externalId], false)).get(
      externalId,
    ),
  );
}
