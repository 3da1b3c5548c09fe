import { isUtf8 } from 'node:buffer';
import { jsonTextStart, opensJsonObject, parseJsonObjectBytes } from '@madeup/contract';
import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import { type DuplicateJsonKey, findDuplicateJsonKey } from './duplicate-json-key.ts';
import { ProblemError } from './errors/problem-error.ts';
import { JsonBodyScan } from './json-body-scan.ts';

const rawBodies = new WeakMap<FastifyRequest, Buffer>();

/**
 * A body of at most this many bytes is decoded whole: its string stays below V8's large-object
 * size (128 KiB), and parsing it in pieces is no faster (`bench/core-body-parse.ts`, 2,000 invoice
 * lines, 117 kB: 1.2-1.9 ms whole, 1.25-4.3 ms in pieces).
 */
const WHOLE_BODY_BYTES = 120 * 1024;

/**
 * Parses JSON bodies from their bytes and keeps the bytes, so an idempotency check can hash the
 * bytes received instead of serialising the parsed batch again. An object body over
 * `WHOLE_BODY_BYTES` is parsed one top-level member at a time (`parseJsonObjectBytes`; an array
 * member such as an import's `records` or `rows` in runs of about 64 KiB), never as one string: V8
 * makes a string over 128 KiB in its large-object space at about 5 ns a byte, and an import of
 * 2,000 rows is 300-600 kB. Any other body is decoded whole and given to `JSON.parse`. A scan of
 * the text, or of each piece (`findDuplicateJsonKey`, `JsonBodyScan`), then refuses a body that repeats a key within one object (400
 * `duplicate_json_key`) rather than silently keeping the last value, and a body carrying a
 * prototype-poisoning key (`__proto__`, `constructor.prototype`) as Fastify's own parser does
 * (400 `malformed_json`), without that parser's two regular-expression passes over the text.
 */
export function keepRawJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, parseJsonBody);
}

/**
 * Parses bodies of another JSON media type (`COLUMNAR_IMPORT_MEDIA_TYPE`) as `keepRawJsonBodies`
 * parses `application/json`: with the same checks, and their text kept. Registered in the scope of
 * the routes that accept that type only; every other route answers it 415.
 */
export function keepRawJsonBodiesOf(scope: FastifyInstance, mediaType: string): void {
  scope.addContentTypeParser(mediaType, { parseAs: 'buffer' }, parseJsonBody);
}

function parseJsonBody(
  request: FastifyRequest,
  body: string | Buffer,
  done: (error: Error | null, value?: unknown) => void,
): void {
  const bytes = body as Buffer;
  if (bytes.length === 0) {
    done(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), undefined);
    return;
  }
  rawBodies.set(request, bytes);
  let value: unknown;
  let found: DuplicateJsonKey | undefined;
  try {
    if (bytes.length > WHOLE_BODY_BYTES && opensJsonObject(bytes)) {
      const scan = new JsonBodyScan(bytes);
      value = parseJsonObjectBytes(bytes, scan);
      found = scan.found;
    } else {
      // A byte-order mark is skipped, as Fastify's parser does.
      const text = bytes.toString('utf8', jsonTextStart(bytes));
      value = JSON.parse(text);
      found = findDuplicateJsonKey(text);
    }
  } catch {
    done(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined);
    return;
  }
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

/**
 * The bytes of a request's JSON body, when `keepRawJsonBodies` parsed it: as received, or, when
 * they are not valid UTF-8, as decoded (each invalid sequence U+FFFD) and encoded again, the bytes
 * of the text the body parses as (which an idempotency key's request hash has always covered).
 */
export function rawJsonBody(request: FastifyRequest): Buffer | undefined {
  const bytes = rawBodies.get(request);
  if (bytes === undefined || isUtf8(bytes)) return bytes;
  return Buffer.from(bytes.toString('utf8'), 'utf8');
}
