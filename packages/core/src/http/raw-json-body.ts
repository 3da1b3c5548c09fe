import type { FastifyInstance, FastifyRequest } from 'fastify';

const rawBodies = new WeakMap<FastifyRequest, string>();

/**
 * Parses JSON bodies with Fastify's own parser (prototype-poisoning checks included) and keeps
 * each body's text, so an idempotency check can hash the bytes received instead of serialising
 * the parsed batch again.
 */
export function keepRawJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    rawBodies.set(request, text);
    parse(request, text, done);
  });
}

/** The text of a request's JSON body, when `keepRawJsonBodies` parsed it. */
export function rawJsonBody(request: FastifyRequest): string | undefined {
  return rawBodies.get(request);
}
