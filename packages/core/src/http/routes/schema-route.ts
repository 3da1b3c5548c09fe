import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { schemaDocument } from '../../model/schema-document.ts';
import type { CoreContext } from '../core-context.ts';

/** `GET /v1/schema`: the model as a `SchemaDocument` (public: it holds no tenant data). */
export function schemaRoute(app: FastifyInstance, ctx: CoreContext): void {
  const document = schemaDocument(ctx.model, {
    maxBatchRecords: ctx.config.maxBatchRecords,
    maxBatchBytes: ctx.config.maxBatchBytes,
  });
  app.get(
    '/v1/schema',
    { schema: { tags: ['schema'], summary: 'The data model' } },
    async (_request, reply) => {
      reply.header('etag', `"${document.version}"`);
      return document;
    },
  );
}
