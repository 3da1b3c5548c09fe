import type { ImportBatchResponse, RecordResult } from '@madeup/contract';
import type { CompiledEntity } from '../model/compiled-entity.ts';
import type { Model } from '../model/model.ts';
import type { Db, Queryable } from '../storage/dynamic-database.ts';
import type { StorageDialect } from '../storage/storage-dialect.ts';
import { canonicalNow } from './now.ts';
import { parseRecord } from './parse-record.ts';
import type { ParsedRecord } from './parsed-record.ts';
import { type ParentIndex, type Planned, type PlannedWrite, planBatch } from './plan-record.ts';
import { selectExisting, selectIds } from './select-existing.ts';
import { withRetry } from './with-retry.ts';
import { resolveOwnDeferred, resolveWaitingChildren, writePlan } from './write-plan.ts';

/** One import call, already authenticated and shape-checked. */
export interface ImportBatchInput {
  readonly db: Db;
  readonly dialect: StorageDialect;
  readonly model: Model;
  readonly entity: CompiledEntity;
  readonly source: string;
  readonly records: readonly unknown[];
  readonly deferUnresolved: boolean;
  readonly dryRun: boolean;
}

/**
 * Validates, classifies and writes one batch with set-based queries: one read of the existing
 * records, one read per referenced entity, multi-row writes, batched reference resolution.
 */
export async function importBatch(input: ImportBatchInput): Promise<ImportBatchResponse> {
  const { entity } = input;
  const results: (RecordResult | undefined)[] = new Array(input.records.length);
  const valid: ParsedRecord[] = [];
  const firstAt = new Map<string, number>();
  input.records.forEach((raw, index) => {
    const parsed = parseRecord(entity, raw, index);
    if (!parsed.ok) {
      results[index] = { externalId: parsed.externalId, outcome: 'rejected', errors: parsed.errors };
      return;
    }
    const first = firstAt.get(parsed.record.externalId);
    if (first !== undefined) {
      results[index] = {
        externalId: parsed.record.externalId,
        outcome: 'rejected',
        errors: [
          {
            field: 'externalId',
            code: 'duplicate_external_id',
            message: `same externalId as records[${first}]`,
          },
        ],
      };
      return;
    }
    firstAt.set(parsed.record.externalId, index);
    valid.push(parsed.record);
  });
  const { planned, ids } =
    valid.length === 0 ? { planned: [], ids: new Map() } : await plannedAndWritten(input, valid);
  for (const p of planned) results[p.index] = toResult(p, ids, input.dryRun);
  const final = results.map((r) => r ?? { externalId: '', outcome: 'rejected' as const, errors: [] });
  const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const r of final) counts[r.outcome] += 1;
  return { entity: entity.name, source: input.source, dryRun: input.dryRun, counts, results: final };
}

async function plannedAndWritten(input: ImportBatchInput, valid: readonly ParsedRecord[]) {
  const { db, dialect } = input;
  if (input.dryRun)
    return { planned: await planAgainst(input, db, valid, false), ids: new Map<string, string>() };
  const now = canonicalNow();
  const written = await withRetry(dialect, () =>
    dialect.writeTransaction(db, async (trx) => {
      const planned = await planAgainst(input, trx, valid, dialect.syntax.supportsForUpdate);
      const writes = planned.filter((p): p is PlannedWrite => p.outcome !== 'rejected');
      const ids = await writePlan(
        {
          db: trx,
          dialect,
          model: input.model,
          entity: input.entity,
          source: input.source,
          now,
        },
        writes,
      );
      return { planned, ids };
    }),
  );
  const created = written.planned.filter((p) => p.outcome === 'created').length;
  await dialect.refreshStatistics?.(db, input.entity.table, lookupColumns(input.entity), created);
  // After commit, both sides again: see `resolveWaitingChildren` for the race this closes.
  const after = { db, dialect, model: input.model, entity: input.entity, source: input.source, now };
  const writes = written.planned.filter((p): p is PlannedWrite => p.outcome !== 'rejected');
  if (input.model.referencing(input.entity.name).length > 0)
    await withRetry(dialect, () => resolveWaitingChildren(after, writes));
  const deferred = writes.filter((p) => p.deferred.length > 0);
  if (deferred.length > 0) await withRetry(dialect, () => resolveOwnDeferred(after, deferred));
  return written;
}

async function planAgainst(
  input: ImportBatchInput,
  db: Queryable,
  valid: readonly ParsedRecord[],
  lock: boolean,
): Promise<Planned[]> {
  const { entity, source } = input;
  const xids = valid.map((r) => r.externalId);
  const existing = await selectExisting(db, input.dialect.syntax, entity, source, xids, lock);
  const parentIds = new Map<string, ReadonlyMap<string, string>>();
  for (const ref of entity.refs) {
    const wanted = [
      ...new Set(valid.map((r) => r.refs.get(ref.name)).filter((x): x is string => typeof x === 'string')),
    ];
    const target = input.model.get(ref.target);
    if (target === undefined || wanted.length === 0) continue;
    parentIds.set(ref.name, await selectIds(db, input.dialect.syntax, target.table, source, wanted));
  }
  const parents: ParentIndex = {
    ids: parentIds,
    inBatch: new Set(xids),
    source,
    deferUnresolved: input.deferUnresolved,
  };
  return planBatch(entity, valid, existing, parents);
}

/** The columns keyed reads and reference resolution filter on. */
function lookupColumns(entity: CompiledEntity): string[] {
  return ['source', 'external_id', ...entity.refs.flatMap((r) => [r.idColumn, r.xidColumn])];
}

function toResult(p: Planned, createdIds: ReadonlyMap<string, string>, dryRun: boolean): RecordResult {
  if (p.outcome === 'rejected') return { externalId: p.externalId, outcome: 'rejected', errors: p.errors };
  const id = p.existing?.id ?? (dryRun ? undefined : createdIds.get(p.externalId));
  return {
    externalId: p.externalId,
    outcome: p.outcome,
    ...(id !== undefined ? { id } : {}),
    contentHash: p.contentHash,
    ...(p.deferred.length > 0 ? { deferred: p.deferred } : {}),
  };
}
