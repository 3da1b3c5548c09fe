import {
  COMPACT_IMPORT_MEDIA_TYPE,
  CompactImportMismatchError,
  type CompactImportResponse,
  type DeleteBatchRequest,
  type DeleteBatchResponse,
  decodeCompactImport,
  type ImportBatchResponse,
  jsonTextStart,
  type Problem,
  parseJsonObjectBytes,
  type RecordPage,
  type SchemaDocument,
  type SourceStats,
  type WhoAmI,
} from '@madeup/contract';
import { Pool } from 'undici';
import { redactUrl } from '../config/redact-url.ts';
import { isTransient } from '../errors/kind-of.ts';
import { OnboardError } from '../errors/onboard-error.ts';
import { bodyBuffers } from './body-buffers.ts';
import { CoreRequestError, CoreServerError } from './core-errors.ts';
import { defaultRetryPolicy, parseRetryAfter, type RetryPolicy } from './retry-policy.ts';
import { type Attempt, type RetryListener, withRetry } from './with-retry.ts';

export interface CoreClientOptions {
  /** Core's base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** The tenant's API token; sent as a bearer token, never logged. */
  readonly token: string;
  /** Keep-alive connections to core (the in-flight request bound). Default 8. */
  readonly connections?: number;
  readonly retry?: RetryPolicy;
  readonly onRetry?: RetryListener;
}

/** Options of one import request. */
export interface ImportCallOptions {
  readonly dryRun: boolean;
  readonly idempotencyKey: string;
  readonly signal?: AbortSignal;
  /** The body's media type: `application/json` (an `ImportBatchRequest`) unless set. */
  readonly contentType?: string;
  /**
   * The external ids of the records in `body`, in order. Given, the client asks core for the
   * compact response (`COMPACT_IMPORT_MEDIA_TYPE`: fewer bytes for core to write and for this
   * process to parse) and turns it back into an `ImportBatchResponse` with them, checking that
   * core read the same ids; a core that answers plain JSON is read as before.
   */
  readonly externalIds?: readonly string[];
}

/** How a response body (its bytes) becomes a value, given its content type. */
type Decode<T> = (body: Buffer, contentType: string) => T;

const parseJson = <T>(body: Buffer): T => JSON.parse(utf8Text(body)) as T;

/** Attempts at most for a request core answers with 500 (within the retry budget). */
const SERVER_ERROR_ATTEMPTS = 3;

/** Talks to core's REST API over a keep-alive undici pool, retrying transient failures. */
export class CoreClient {
  readonly #pool: Pool;
  readonly #base: URL;
  readonly #auth: string;
  readonly #retry: RetryPolicy;
  readonly #onRetry: RetryListener | undefined;
  #whoami: Promise<WhoAmI> | undefined;

  constructor(options: CoreClientOptions) {
    this.#base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
    this.#pool = new Pool(this.#base.origin, {
      connections: options.connections ?? 8,
      keepAliveTimeout: 30_000,
      headersTimeout: 120_000,
      bodyTimeout: 120_000,
    });
    this.#auth = `Bearer ${options.token}`;
    this.#retry = options.retry ?? defaultRetryPolicy();
    this.#onRetry = options.onRetry;
  }

  /** Core's URL without credentials, for messages and the run store. */
  get displayUrl(): string {
    return redactUrl(this.#base.toString());
  }

  /**
   * `POST /v1/import/{entity}`: `body` is the JSON of an `ImportBatchRequest`, or of a
   * `ColumnarImportRequest` with `contentType` `COLUMNAR_IMPORT_MEDIA_TYPE`.
   */
  importBatch(
    entity: string,
    body: string | Uint8Array,
    options: ImportCallOptions,
  ): Promise<ImportBatchResponse> {
    const query = options.dryRun ? '?dryRun=true' : '';
    const sent = options.externalIds;
    const decode: Decode<ImportBatchResponse> = (body, contentType) => {
      if (sent === undefined || !contentType.startsWith(COMPACT_IMPORT_MEDIA_TYPE))
        return parseJson<ImportBatchResponse>(body);
      try {
        // Parsed member by member: a string of the whole answer (~200 kB) would cost ~1.7 ms.
        const compact = parseJsonObjectBytes(body) as unknown as CompactImportResponse;
        return decodeCompactImport(compact, sent);
      } catch (error) {
        if (error instanceof CompactImportMismatchError)
          throw new CoreRequestError(
            `core's compact answer does not fit the records sent: ${error.message}`,
            200,
          );
        throw error;
      }
    };
    return this.#call<ImportBatchResponse>(
      'POST',
      `v1/import/${encodeURIComponent(entity)}${query}`,
      body,
      {
        'idempotency-key': options.idempotencyKey,
        ...(options.contentType === undefined ? {} : { 'content-type': options.contentType }),
        ...(sent === undefined ? {} : { accept: `${COMPACT_IMPORT_MEDIA_TYPE}, application/json;q=0.5` }),
      },
      options.signal,
      decode,
    );
  }

  /** `GET /v1/whoami`: the tenant the token reaches; asked once per client (a failure is asked again). */
  whoami(signal?: AbortSignal): Promise<WhoAmI> {
    if (this.#whoami === undefined) {
      const asked = this.#call<WhoAmI>('GET', 'v1/whoami', undefined, {}, signal);
      this.#whoami = asked;
      asked.catch(() => {
        if (this.#whoami === asked) this.#whoami = undefined;
      });
    }
    return this.#whoami;
  }

  /** `GET /v1/schema`. */
  schema(signal?: AbortSignal): Promise<SchemaDocument> {
    return this.#call<SchemaDocument>('GET', 'v1/schema', undefined, {}, signal);
  }

  /** `GET /v1/stats?source=S`: count and checksum per entity. */
  stats(source: string, signal?: AbortSignal): Promise<SourceStats> {
    return this.#call<SourceStats>(
      'GET',
      `v1/stats?source=${encodeURIComponent(source)}`,
      undefined,
      {},
      signal,
    );
  }

  /** `GET /v1/records/{entity}?source=S&after=CURSOR&limit=N`: one page of the source's records. */
  records(
    entity: string,
    source: string,
    page: { readonly after?: string; readonly limit: number },
    signal?: AbortSignal,
  ): Promise<RecordPage> {
    const query = new URLSearchParams({ source, limit: String(page.limit) });
    if (page.after !== undefined) query.set('after', page.after);
    return this.#call<RecordPage>(
      'GET',
      `v1/records/${encodeURIComponent(entity)}?${query}`,
      undefined,
      {},
      signal,
    );
  }

  /** `POST /v1/import/{entity}/delete`: marks records that vanished from the source as deleted. */
  deleteBatch(
    entity: string,
    request: DeleteBatchRequest,
    options: { readonly idempotencyKey: string; readonly signal?: AbortSignal },
  ): Promise<DeleteBatchResponse> {
    return this.#call<DeleteBatchResponse>(
      'POST',
      `v1/import/${encodeURIComponent(entity)}/delete`,
      JSON.stringify(request),
      { 'idempotency-key': options.idempotencyKey },
      options.signal,
    );
  }

  close(): Promise<void> {
    return this.#pool.close();
  }

  #call<T>(
    method: 'GET' | 'POST',
    path: string,
    body: string | Uint8Array | undefined,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
    decode: Decode<T> = parseJson,
  ): Promise<T> {
    const url = new URL(path, this.#base);
    const attempt = async (): Promise<Attempt<T>> => {
      try {
        const response = await this.#pool.request({
          method,
          path: `${url.pathname}${url.search}`,
          headers: {
            authorization: this.#auth,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          ...(body === undefined ? {} : { body }),
          ...(signal === undefined ? {} : { signal }),
        });
        const status = response.statusCode;
        if (status === 500) {
          // An internal error, not an outage: tried again a few times only (see `CoreServerError`).
          const problem = problemError(method, url.pathname, status, await response.body.text());
          return {
            done: false,
            reason: `HTTP 500 ${problem.code ?? ''}`.trim(),
            maxAttempts: SERVER_ERROR_ATTEMPTS,
            error: new CoreServerError(problem.message, status, problem.code),
          };
        }
        if (status === 408 || status === 429 || status >= 500) {
          await response.body.dump();
          const retryAfter = parseRetryAfter(headerOf(response.headers['retry-after']));
          return {
            done: false,
            reason: `HTTP ${status}`,
            ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
          };
        }
        const { bytes, pooled } = await bodyBytes(response.body);
        let value: T;
        try {
          if (status >= 400) throw problemError(method, url.pathname, status, utf8Text(bytes));
          value = decode(bytes, headerOf(response.headers['content-type']) ?? '');
        } catch (error) {
          if (error instanceof OnboardError) throw error;
          throw new CoreRequestError(
            `${method} ${url.pathname}: core answered ${status} with a body that is not JSON`,
            status,
          );
        } finally {
          // What was decoded holds copies of the bytes, not views: the buffer can be written again.
          if (pooled !== undefined) bodyBuffers.release(pooled);
        }
        return { done: true, value };
      } catch (error) {
        if (!(error instanceof OnboardError) && isTransient(error) && !signal?.aborted) {
          const code = (error as { code?: string }).code;
          return { done: false, reason: `network error ${code ?? (error as Error).message}` };
        }
        throw error;
      }
    };
    return withRetry(this.#retry, attempt, signal, this.#onRetry, `core at ${this.displayUrl}`);
  }
}

/**
 * A response body's bytes: its one chunk, or its chunks copied into a buffer of the request
 * bodies' pool (`pooled`, to give back once decoded): a fresh buffer of a batch's answer (~200 kB
 * for 2,000 records) would come from `mmap` and cost ~0.7 ms of page faults (see `BodyBuffers`).
 */
async function bodyBytes(body: AsyncIterable<Buffer>): Promise<{ bytes: Buffer; pooled?: Buffer }> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    length += chunk.length;
  }
  if (chunks.length <= 1) return { bytes: chunks[0] ?? Buffer.alloc(0) };
  const pooled = bodyBuffers.get(length);
  let at = 0;
  for (const chunk of chunks) at += chunk.copy(pooled, at);
  return { bytes: pooled.subarray(0, length), pooled };
}

/** UTF-8 bytes as text, a byte-order mark skipped (as undici's `text()`). */
function utf8Text(bytes: Buffer): string {
  return bytes.toString('utf8', jsonTextStart(bytes));
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function problemError(method: string, path: string, status: number, text: string): CoreRequestError {
  let problem: Partial<Problem> = {};
  try {
    problem = JSON.parse(text) as Problem;
  } catch {
    // not problem+json: report the status alone
  }
  const detail = problem.detail ?? problem.title ?? 'no detail';
  return new CoreRequestError(
    `${method} ${path}: core answered ${status} (${problem.code ?? 'error'}): ${detail}`,
    status,
    problem.code,
  );
}
