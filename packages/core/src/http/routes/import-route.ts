import type {} from '@fastify/swagger';
import {
  COLUMNAR_IMPORT_MEDIA_TYPE,
  COMPACT_IMPORT_MEDIA_TYPE,
  type ColumnarImportRequest,
  encodeCompactImport,
  type ImportBatchRequest,
  MAX_IMPORT_COLUMNS,
} from '@madeup/contract';
import type { FastifyInstance } from 'fastify';
import { capErrors } from '../../import/cap-errors.ts';
import { importBatch } from '../../import/import-batch.ts';
import { type RowParser, repeatedColumn, rowParser } from '../../import/parse-row.ts';
import { tenantOf } from '../authenticate.ts';
import { compactResponseBytes } from '../compact-response-bytes.ts';
import type { CoreContext } from '../core-context.ts';
import { DRY_RUN_QUERY, isDryRun } from '../dry-run.ts';
import { entityOf } from '../entity-of.ts';
import { ProblemError } from '../errors/problem-error.ts';
import { idempotent } from '../idempotency.ts';
import { importResponseBytes } from '../import-response-bytes.ts';
import { keepRawJsonBodiesOf } from '../raw-json-body.ts';
import { SOURCE_SCHEMA } from '../source-schema.ts';

const recordsBody = {
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

const columns = { type: 'array', maxItems: MAX_IMPORT_COLUMNS, items: { type: 'string' } } as const;

/** `ColumnarImportRequest`: each element of `rows` is checked as a record, like `records`. */
const columnarBody = {
  type: 'object',
  required: ['source', 'fields', 'rows'],
  additionalProperties: false,
  properties: {
    source: SOURCE_SCHEMA,
    deferUnresolved: { type: 'boolean' },
    fields: columns,
    refs: columns,
    rows: { type: 'array' },
  },
} as const;

const body = {
  content: {
    'application/json': { schema: recordsBody },
    [COLUMNAR_IMPORT_MEDIA_TYPE]: { schema: columnarBody },
  },
} as const;

type ImportBody = ImportBatchRequest | ColumnarImportRequest;

/** The body's records and how each is read; refuses a columnar body naming a column twice. */
function recordsOf(
  entity: Parameters<typeof rowParser>[0],
  request: ImportBody,
): { records: readonly unknown[]; parse?: RowParser; listName?: string } {
  if ('records' in request) return { records: request.records };
  const refs = request.refs ?? [];
  for (const [list, names] of [
    ['fields', request.fields],
    ['refs', refs],
  ] as const) {
    const repeated = repeatedColumn(names);
    if (repeated !== undefined)
      throw new ProblemError(
        'invalid_request',
        `${list} names column ${JSON.stringify(repeated.name)} twice (at ${repeated.first} and ${repeated.again})`,
      );
  }
  return { records: request.rows, parse: rowParser(entity, request.fields, refs), listName: 'rows' };
}

/** Whether an `Accept` header asks for the compact response (`COMPACT_IMPORT_MEDIA_TYPE`). */
function wantsCompact(accept: string | undefined): boolean {
  return accept?.toLowerCase().includes(COMPACT_IMPORT_MEDIA_TYPE) ?? false;
}

/** `POST /v1/import/{entity}`: an idempotent bulk upsert keyed by (source, externalId). */
export function importRoute(app: FastifyInstance, ctx: CoreContext): void {
  // Its own scope: only this route reads the columnar media type (any other answers it 415).
  app.register(async (scope) => {
    keepRawJsonBodiesOf(scope, COLUMNAR_IMPORT_MEDIA_TYPE);
    importRouteIn(scope, ctx);
  });
}

function importRouteIn(app: FastifyInstance, ctx: CoreContext): void {
  app.post<{ Params: { entity: string }; Querystring: { dryRun?: string }; Body: ImportBody }>(
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
      const { source, deferUnresolved = false } = request.body;
      const { records, ...reading } = recordsOf(entity, request.body);
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
                ...reading,
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
        return compactResponseBytes(encodeCompactImport(response));
      }
      reply.type('application/json; charset=utf-8');
      return importResponseBytes(response);
    },
  );
}
