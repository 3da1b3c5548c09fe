import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import { findDuplicateJsonKey } from './duplicate-json-key.ts';
import { ProblemError } from './errors/problem-error.ts';

const rawBodies = new WeakMap<FastifyRequest, string>();

/**
 * Parses JSON bodies with `JSON.parse` and keeps each body's text, so an idempotency check can
 * hash the bytes received instead of serialising the parsed batch again. One scan of the text
 * (`findDuplicateJsonKey`) then refuses a body that repeats a key within one object (400
 * `duplicate_json_key`) rather than silently keeping the last value, and a body carrying a
 * prototype-poisoning key (`__proto__`, `constructor.prototype`) as Fastify's own parser does
 * (400 `malformed_json`), without that parser's two regular-expression passes over the text.
 */
export function keepRawJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonBody);
}

/**
 * Parses bodies of another JSON media type (`COLUMNAR_IMPORT_MEDIA_TYPE`) as `keepRawJsonBodies`
 * parses `application/json`: with the same checks, and their text kept. Registered in the scope of
 * the routes that accept that type only; every other route answers it 415.
 */
export function keepRawJsonBodiesOf(scope: FastifyInstance, mediaType: string): void {
  scope.addContentTypeParser(mediaType, { parseAs: 'string' }, parseJsonBody);
}

function parseJsonBody(
  request: FastifyRequest,
  body: string | Buffer,
  done: (error: Error | null, value?: unknown) => void,
): void {
  let text = body as string;
  if (text.length === 0) {
    done(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), undefined);
    return;
  }
  // A byte-order mark is skipped, as Fastify's parser does.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  rawBodies.set(request, body as string);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    done(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined);
    return;
  }
  const found = findDuplicateJsonKey(text);
  if (found === undefined) {
    done(null, value);
    return;
  }
  if (found.kind === 'prototype') {
    done(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined);
    return;
  }
  const where = found.path === '' ? 'the top-level object' : `the object at ${found.path}`;
  done(
    new ProblemError(
      'duplicate_json_key',
      `key ${JSON.stringify(found.key)} appears twice in ${where} (second at character ${found.offset})`,
    ),
    undefined,
  );
}

/** The text of a request's JSON body, when `keepRawJsonBodies` parsed it. */
export function rawJsonBody(request: FastifyRequest): string | undefined {
  return rawBodies.get(request);
}
