import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findDuplicateJsonKey } from './duplicate-json-key.ts';
import { ProblemError } from './errors/problem-error.ts';

const rawBodies = new WeakMap<FastifyRequest, string>();

/**
 * Parses JSON bodies with Fastify's own parser (prototype-poisoning checks included) and keeps
 * each body's text, so an idempotency check can hash the bytes received instead of serialising
 * the parsed batch again. A body that repeats a key within one object is refused (400
 * `duplicate_json_key`) rather than silently keeping the last value.
 */
export function keepRawJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    rawBodies.set(request, text);
    parse(request, text, (error, value) => {
      if (error !== null) return done(error, undefined);
      const duplicate = findDuplicateJsonKey(text);
      if (duplicate === undefined) return done(null, value);
      const where = duplicate.path === '' ? 'the top-level object' : `the object at ${duplicate.path}`;
      done(
        new ProblemError(
          'duplicate_json_key',
          `key ${JSON.stringify(duplicate.key)} appears twice in ${where} (second at character ${duplicate.offset})`,
        ),
        undefined,
      );
    });
  });
}

/** The text of a request's JSON body, when `keepRawJsonBodies` parsed it. */
export function rawJsonBody(request: FastifyRequest): string | undefined {
  return rawBodies.get(request);
}
