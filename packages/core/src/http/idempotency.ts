import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { responseJson } from '../import/response-json.ts';
import { IdempotencyKeyReusedError, StoredOutcomeMissingError } from '../import/stored-outcome.ts';
import type { CoreContext } from './core-context.ts';
import { ProblemError } from './errors/problem-error.ts';
import { rawJsonBody } from './raw-json-body.ts';

const KEY = /^[\x21-\x7e]{1,200}$/;

/** How often a running request refreshes its claim, and how often a waiting duplicate looks again. */
const REFRESH_MS = 5_000;
const POLL_MS = 50;

/** The request's key, for `work` to store its response with its own writes (see `RememberedImport`). */
export interface RequestKey {
  readonly key: string;
  readonly requestHash: string;
  /** Stored responses older than this are forgotten (`MADEUP_IDEMPOTENCY_RETENTION_MS`). */
  readonly retentionMs: number;
  /** Marks the response as a replay (`idempotent-replayed: true`). */
  onReplay(): void;
  /**
   * Called by a `work` that stored its response with its own writes, replayable by running `work`
   * again with `replayOnly`: the catalog then keeps a marker instead of a second copy.
   */
  storedByWork(): void;
  /** Set when `work` runs only to replay the response it stored (see `storedByWork`). */
  readonly replayOnly?: boolean;
}

/** The catalog's response of a key whose `work` stored it (an import: in the tenant database). */
const STORED_BY_WORK = '@stored-by-work';

/**
 * Runs `work` once per `Idempotency-Key` (per tenant), in every process sharing the catalog: the
 * key is claimed in the catalog before `work` runs. A retry with the same key and request gets the
 * stored response; a duplicate sent while the first still runs waits for it (up to
 * `idempotencyWaitMs`, then 409 `idempotency_key_in_use`) and replays it; the same key with a
 * different request gets 422. When `work` fails nothing is stored and the key is free again.
 * `work` gets the key, to store its response with its own writes too (an import does, so that a
 * retry after a failure between its commit and the catalog's copy replays the commit's outcome).
 */
export async function idempotent<T extends object>(
  ctx: CoreContext,
  tenantId: string,
  request: FastifyRequest,
  reply: FastifyReply,
  work: (key?: RequestKey) => Promise<T>,
): Promise<T> {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return work();
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined || !KEY.test(key))
    throw new ProblemError('invalid_request', 'Idempotency-Key must be 1..200 printable ASCII characters');
  // The body as received: a retry must resend the same bytes (a client's serialiser is stable).
  const body = rawJsonBody(request) ?? JSON.stringify(request.body);
  const requestHash = requestHashOf(request.method, request.url, body);
  const store = ctx.idempotency;
  const waitUntil = Date.now() + ctx.config.idempotencyWaitMs;
  for (;;) {
    const claim = await store.claim(tenantId, key, requestHash);
    if (claim.kind === 'reused')
      throw new ProblemError(
        'idempotency_key_reused',
        'this Idempotency-Key was sent with a different request',
      );
    if (claim.kind === 'done' && claim.response === STORED_BY_WORK) {
      const replayed = await replayStored(ctx, tenantId, key, requestHash, reply, work);
      if (replayed.found) return replayed.response;
      continue; // its stored copy expired: the key was forgotten, claim it anew
    }
    if (claim.kind === 'done') {
      reply.header('idempotent-replayed', 'true');
      return JSON.parse(claim.response) as T;
    }
    if (claim.kind === 'claimed') break;
    if (Date.now() >= waitUntil)
      throw new ProblemError(
        'idempotency_key_in_use',
        'a request with this Idempotency-Key is still running; retry to get its response',
        { retryAfter: 1 },
      );
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const refresh = setInterval(() => {
    store.refresh(tenantId, key).catch(() => {});
  }, REFRESH_MS);
  let response: T;
  let storedByWork = false;
  try {
    response = await work({
      key,
      requestHash,
      retentionMs: ctx.config.idempotencyRetentionMs,
      onReplay: () => reply.header('idempotent-replayed', 'true'),
      storedByWork: () => {
        storedByWork = true;
      },
    });
  } catch (error) {
    clearInterval(refresh);
    await releaseSoon(ctx, tenantId, key);
    if (error instanceof IdempotencyKeyReusedError)
      throw new ProblemError('idempotency_key_reused', error.message);
    throw error;
  }
  clearInterval(refresh);
  try {
    await store.complete(tenantId, key, storedByWork ? STORED_BY_WORK : responseJson(response));
  } catch (error) {
    await releaseSoon(ctx, tenantId, key);
    throw error;
  }
  return response;
}

/**
 * sha256 of `METHOD URL\nBODY`, as hex. Fed in two parts: concatenating a ~150 kB body to its
 * prefix first made a copy of it (about 0.7 µs a record of a 1000-record import).
 */
export function requestHashOf(method: string, url: string, body: string | Uint8Array): string {
  return createHash('sha256').update(`${method} ${url}\n`).update(body).digest('hex');
}

/**
 * Replays a response its `work` stored: runs `work` in `replayOnly` mode. When that copy is gone
 * (past its retention, swept before the catalog's marker), forgets the key so it is claimed anew.
 */
async function replayStored<T extends object>(
  ctx: CoreContext,
  tenantId: string,
  key: string,
  requestHash: string,
  reply: FastifyReply,
  work: (key?: RequestKey) => Promise<T>,
): Promise<{ found: true; response: T } | { found: false }> {
  try {
    const response = await work({
      key,
      requestHash,
      retentionMs: ctx.config.idempotencyRetentionMs,
      onReplay: () => reply.header('idempotent-replayed', 'true'),
      storedByWork: () => {},
      replayOnly: true,
    });
    return { found: true, response };
  } catch (error) {
    if (error instanceof IdempotencyKeyReusedError)
      throw new ProblemError('idempotency_key_reused', error.message);
    if (!(error instanceof StoredOutcomeMissingError)) throw error;
    await ctx.idempotency.forget(tenantId, key);
    return { found: false };
  }
}

/**
 * Frees a claim; when the catalog cannot be reached now, keeps trying in the background (a claim
 * left behind would otherwise hold its duplicates until it goes stale).
 */
async function releaseSoon(ctx: CoreContext, tenantId: string, key: string): Promise<void> {
  const attempt = () => ctx.idempotency.release(tenantId, key);
  try {
    await attempt();
  } catch {
    const giveUpAt = Date.now() + ctx.config.idempotencyStaleClaimMs;
    const timer = setInterval(() => {
      if (Date.now() > giveUpAt) return clearInterval(timer);
      attempt().then(
        () => clearInterval(timer),
        () => {},
      );
    }, 1000);
    timer.unref();
  }
}
