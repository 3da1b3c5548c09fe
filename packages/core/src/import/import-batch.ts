import type { ImportBatchResponse, RecordResult } from '@madeup/contract';
import type { CompiledEntity } from '../model/compiled-entity.ts';
import type { Model } from '../model/model.ts';
import type { Db, Queryable } from '../storage/dynamic-database.ts';
import type { StorageDialect } from '../storage/storage-dialect.ts';
import { expectNew, noteNew } from './assume-new.ts';
import { canonicalNow } from './now.ts';
import { decodeOutcome, encodeOutcome, isCompactOutcome } from './outcome-codec.ts';
import { parseRecord } from './parse-record.ts';
import type { RowParser } from './parse-row.ts';
import type { ParsedRecord } from './parsed-record.ts';
import {
  type ParentIndex,
  type Planned,
  type PlannedWrite,
  planBatch,
  rejectedForWantOfStored,
} from './plan-record.ts';
import { openReferenceCache, type ReferenceCacheView } from './reference-cache.ts';
import { selectExisting, selectIdsOfMany } from './select-existing.ts';
import {
  expireOutcomes,
  IdempotencyKeyReusedError,
  type RememberedImport,
  StoredOutcomeMissingError,
  storedOutcome,
  storeOutcome,
} from './stored-outcome.ts';
import type { StoredRecord } from './stored-record.ts';
import { withRetry } from './with-retry.ts';
import { resolveOwnDeferred, resolveWaitingChildren, type WriteContext, writePlan } from './write-plan.ts';

/** Records validated between two turns of the event loop. */
const YIELD_EVERY = 200;

/** One import call, already authenticated and shape-checked. */
export interface ImportBatchInput {
  readonly db: Db;
  readonly dialect: StorageDialect;
  readonly model: Model;
  readonly entity: CompiledEntity;
  readonly source: string;
  readonly records: readonly unknown[];
  /**
   * How each element of `records` is read: `parseRecord` (the object form) by default, a
   * `rowParser` for a columnar body's rows.
   */
  readonly parse?: RowParser;
  /** The body's name of its record list, for messages (`records`, or `rows` for a columnar body). */
  readonly listName?: string;
  readonly deferUnresolved: boolean;
  readonly dryRun: boolean;
  /** Store the response under an `Idempotency-Key` with the records (ignored for a dry run). */
  readonly remember?: RememberedImport;
}

/**
 * Validates, classifies and writes one batch with set-based queries: one read of the existing
 * records, one read per referenced entity, multi-row writes, batched reference resolution. With
 * `remember`, the response is stored with the records in one transaction, and a batch whose key is
 * stored already gets that response back (see `RememberedImport`).
 */
export async function importBatch(input: ImportBatchInput): Promise<ImportBatchResponse> {
  const { entity } = input;
  const parsedResults: (RecordResult | undefined)[] = new Array(input.records.length);
  const valid: ParsedRecord[] = [];
  const firstAt = new Map<string, number>();
  const { parse, listName = 'records' } = input;
  for (let index = 0; index < input.records.length; index++) {
    // A turn of the event loop now and then: validating a big batch must not hold up other requests.
    if (index > 0 && index % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    const raw = input.records[index];
    const parsed = parse === undefined ? parseRecord(entity, raw, index) : parse(raw, index);
    if (!parsed.ok) {
      parsedResults[index] = { externalId: parsed.externalId, outcome: 'rejected', errors: parsed.errors };
      continue;
    }
    const first = firstAt.get(parsed.record.externalId);
    if (first !== undefined) {
      parsedResults[index] = {
        externalId: parsed.record.externalId,
        outcome: 'rejected',
        errors: [
          {
            field: 'externalId',
            code: 'duplicate_external_id',
            message: `same externalId as ${listName}[${first}]`,
          },
        ],
      };
      continue;
    }
    firstAt.set(parsed.record.externalId, index);
    valid.push(parsed.record);
  }
  /** The response, given the results of the valid records (in their order). */
  const respond = (validResults: readonly RecordResult[]): ImportBatchResponse => {
    const results = [...parsedResults];
    for (let k = 0; k < valid.length; k++) results[(valid[k] as ParsedRecord).index] = validResults[k];
    const final = results.map((r) => r ?? { externalId: '', outcome: 'rejected' as const, errors: [] });
    const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
    for (const r of final) counts[r.outcome] += 1;
    return { entity: entity.name, source: input.source, dryRun: input.dryRun, counts, results: final };
  };
  if (valid.length === 0) return respond([]);
  if (input.dryRun) {
    // One snapshot for the read of stored records and of their parents (see `snapshotRead`).
    const planned = await input.dialect.snapshotRead(input.db, (q: Queryable) =>
      planAgainst(input, q, valid, false),
    );
    return respond(planned.map((p) => toResult(p, new Map(), true)));
  }
  return writeAndRespond(input, valid, respond);
}

async function writeAndRespond(
  input: ImportBatchInput,
  valid: readonly ParsedRecord[],
  respond: (validResults: readonly RecordResult[]) => ImportBatchResponse,
): Promise<ImportBatchResponse> {
  const { db, dialect, remember } = input;
  const now = canonicalNow();
  const after = { db, dialect, model: input.model, entity: input.entity, source: input.source, now };
  if (remember?.replayOnly === true) {
    // Only a replay: read the stored outcome without taking the write lock.
    const stored = await storedOutcome(db, remember);
    if (stored === undefined) throw new StoredOutcomeMissingError(`no outcome stored under ${remember.key}`);
    return replay(input, valid, respond, after, stored);
  }
  const insertIdStep = await dialect.consecutiveInsertIds?.(db);
  const { table } = input.entity;
  // Parent ids come from the tenant's reference cache where it has them (`reference-cache.ts`):
  // for an entity with references, and for one others reference (its ids go in after commit).
  const cached = input.entity.refs.length > 0 || input.model.referencing(input.entity.name).length > 0;
  const attempt = (assumeNew: boolean) =>
    dialect.writeTransaction(db, async (trx) => {
      if (remember !== undefined) {
        const stored = await storedOutcome(trx, remember);
        if (stored !== undefined) return { stored };
      }
      const cache: BatchCache | undefined = cached
        ? { view: await openReferenceCache(db, trx), learned: [] }
        : undefined;
      const planned = await planAgainst(
        input,
        trx,
        valid,
        dialect.syntax.supportsForUpdate,
        assumeNew,
        cache,
      );
      const writes = planned.filter((p): p is PlannedWrite => p.outcome !== 'rejected');
      if (!assumeNew)
        noteNew(
          db,
          table,
          input.source,
          writes.every((p) => p.outcome === 'created'),
        );
      const ids = await writePlan(
        {
          db: trx,
          dialect,
          model: input.model,
          entity: input.entity,
          source: input.source,
          now,
          ...(insertIdStep !== undefined ? { insertIdStep } : {}),
        },
        writes,
      );
      const response = respond(planned.map((p) => toResult(p, ids, false)));
      if (remember !== undefined) await storeOutcome(trx, remember, encodeOutcome(planned, ids));
      return { planned, writes, response, ids, cache };
    });
  // Where the dialect asks for it, a batch that looks like part of a first load is written as if
  // every record were new, without reading the stored ones: a unique violation (a record exists
  // after all, or a concurrent batch took a key) rolls that attempt back and the batch is read and
  // written as usual, at once; its outcomes are the same either way.
  let assumeNew = dialect.insertBeforeRead === true && expectNew(db, table, input.source);
  const written = await withRetry(dialect, async () => {
    if (!assumeNew) return attempt(false);
    try {
      return await attempt(true);
    } catch (error) {
      if (dialect.classifyError(error) !== 'unique_violation') throw error;
      assumeNew = false;
      noteNew(db, table, input.source, false);
      return attempt(false);
    }
  });
  if ('stored' in written) return replay(input, valid, respond, after, written.stored);
  // Committed: what the batch looked up and wrote may now be served to later batches.
  if (written.cache !== undefined) rememberCommitted(input, written.cache, written.writes, written.ids);
  const created = written.planned.filter((p) => p.outcome === 'created').length;
  await dialect.refreshStatistics?.(db, input.entity.table, lookupColumns(input.entity), created);
  // After commit, both sides again: see `resolveWaitingChildren` for the race this closes.
  const changed = written.writes.filter((p) => p.outcome !== 'unchanged').map((p) => p.externalId);
  await resolveAfterCommit(after, written.writes, changed);
  if (remember !== undefined && Math.random() < EXPIRE_CHANCE)
    await expireOutcomes(db, remember.retentionMs).catch(() => {});
  return written.response;
}

/** The response stored under the request's key, after the resolution passes the first attempt may have missed. */
async function replay(
  input: ImportBatchInput,
  valid: readonly ParsedRecord[],
  respond: (validResults: readonly RecordResult[]) => ImportBatchResponse,
  after: WriteContext,
  stored: { requestHash: string; response: string },
): Promise<ImportBatchResponse> {
  const { remember } = input;
  if (stored.requestHash !== remember?.requestHash)
    throw new IdempotencyKeyReusedError('this Idempotency-Key was sent with a different request');
  remember.onReplay();
  // The first attempt may have stopped between its commit and its resolution passes: run them
  // again for every record of the batch (they only fill references still pending).
  const planned = await planAgainst(input, input.db, valid, false);
  const writes = planned.filter((p): p is PlannedWrite => p.outcome !== 'rejected');
  await resolveAfterCommit(
    after,
    writes,
    writes.map((p) => p.externalId),
  );
  const outcome: unknown = JSON.parse(stored.response);
  // Stored before outcomes were compact: the whole response.
  if (!isCompactOutcome(outcome)) return outcome as ImportBatchResponse;
  return respond(decodeOutcome(input.entity, input.source, valid, outcome));
}

/** A write attempt's view of the reference cache, and the parent ids it looked up (to add once committed). */
interface BatchCache {
  readonly view: ReferenceCacheView;
  readonly learned: { readonly table: string; readonly ids: ReadonlyMap<string, string> }[];
}

/** Adds to the cache, after commit, the parent ids the batch looked up and the ids of its own records. */
function rememberCommitted(
  input: ImportBatchInput,
  cache: BatchCache,
  writes: readonly PlannedWrite[],
  createdIds: ReadonlyMap<string, string>,
): void {
  const { view } = cache;
  for (const { table, ids } of cache.learned) view.remember(table, input.source, ids);
  if (input.model.referencing(input.entity.name).length === 0) return;
  const xids: string[] = [];
  const ids: string[] = [];
  for (const p of writes) {
    const id = p.existing?.id ?? createdIds.get(p.externalId);
    if (id === undefined) continue;
    xids.push(p.externalId);
    ids.push(id);
  }
  view.rememberEach(input.entity.table, input.source, xids, ids);
}

/** One batch in this many removes the expired outcomes of its tenant. */
const EXPIRE_CHANCE = 1 / 200;

/** The resolution passes after commit: children waiting for `parentXids`, and the batch's own pending references. */
async function resolveAfterCommit(
  after: WriteContext,
  writes: readonly PlannedWrite[],
  parentXids: readonly string[],
): Promise<void> {
  if (after.model.referencing(after.entity.name).length > 0 && parentXids.length > 0)
    await withRetry(after.dialect, () => resolveWaitingChildren(after, parentXids));
  const deferred = writes.filter((p) => p.deferred.length > 0);
  if (deferred.length > 0) await withRetry(after.dialect, () => resolveOwnDeferred(after, deferred));
}

/**
 * Plans `valid` against the stored records, read (and locked, with `lock`) by external id. With
 * `assumeNew`, against none: every valid record is planned as created, and the caller's insert
 * fails on a key that exists. A record rejected for a required value it leaves out was planned
 * without the stored version that might fill it, so those keys are looked up, and the batch
 * planned against everything stored when one of them exists.
 */
async function planAgainst(
  input: ImportBatchInput,
  db: Queryable,
  valid: readonly ParsedRecord[],
  lock: boolean,
  assumeNew = false,
  cache?: BatchCache,
): Promise<Planned[]> {
  const { entity, source } = input;
  const xids = valid.map((r) => r.externalId);
  const syntax = input.dialect.syntax;
  const existing = assumeNew
    ? new Map<string, StoredRecord>()
    : await selectExisting(db, syntax, entity, source, xids, lock);
  // The parents of every reference in one statement (one round trip, not one per reference), but
  // those the reference cache has.
  const lookups: { name: string; table: string; keys: string[]; hits: Map<string, string> }[] = [];
  for (const [at, ref] of entity.refs.entries()) {
    const wanted = [
      ...new Set(valid.map((r) => r.refs[at]).filter((x): x is string => typeof x === 'string')),
    ];
    const target = input.model.get(ref.target);
    if (target === undefined || wanted.length === 0) continue;
    const { hits, misses } =
      cache !== undefined
        ? cache.view.take(target.table, source, wanted)
        : { hits: new Map(), misses: wanted };
    lookups.push({ name: ref.name, table: target.table, keys: misses, hits });
  }
  const found = lookups.some((l) => l.keys.length > 0)
    ? await selectIdsOfMany(db, syntax, source, lookups)
    : [];
  const parentIds = new Map<string, ReadonlyMap<string, string>>();
  for (const [k, l] of lookups.entries()) {
    const ids = found[k] ?? new Map<string, string>();
    if (ids.size > 0) cache?.learned.push({ table: l.table, ids });
    if (l.hits.size === 0) parentIds.set(l.name, ids);
    else {
      for (const [xid, id] of ids) l.hits.set(xid, id);
      parentIds.set(l.name, l.hits);
    }
  }
  const parents: ParentIndex = {
    ids: parentIds,
    inBatch: new Set(xids),
    source,
    deferUnresolved: input.deferUnresolved,
  };
  const planned = planBatch(entity, valid, existing, parents);
  if (!assumeNew) return planned;
  const rejected = planned.filter(rejectedForWantOfStored).map((p) => p.externalId);
  if (rejected.length === 0) return planned;
  if ((await selectExisting(db, syntax, entity, source, rejected, lock)).size === 0) return planned;
  return planBatch(entity, valid, await selectExisting(db, syntax, entity, source, xids, lock), parents);
}

/** The columns keyed reads and reference resolution filter on. */
function lookupColumns(entity: CompiledEntity): string[] {
  return ['source', 'external_id', ...entity.refs.flatMap((r) => [r.idColumn, r.xidColumn])];
}

function toResult(p: Planned, createdIds: ReadonlyMap<string, string>, dryRun: boolean): RecordResult {
  if (p.outcome === 'rejected') return { externalId: p.externalId, outcome: 'rejected', errors: p.errors };
  const id = p.existing?.id ?? (dryRun ? undefined : createdIds.get(p.externalId));
  // Written out rather than spread from conditional objects (a thousand of these per batch); the
  // members keep their order: externalId, outcome, id, contentHash, deferred.
  if (p.deferred.length === 0)
    return id !== undefined
      ? { externalId: p.externalId, outcome: p.outcome, id, contentHash: p.contentHash }
      : { externalId: p.externalId, outcome: p.outcome, contentHash: p.contentHash };
  return id !== undefined
    ? { externalId: p.externalId, outcome: p.outcome, id, contentHash: p.contentHash, deferred: p.deferred }
    : { externalId: p.externalId, outcome: p.outcome, contentHash: p.contentHash, deferred: p.deferred };
}
