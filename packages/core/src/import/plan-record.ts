import type { RecordError } from '@madeup/contract';
import type { CompiledEntity } from '../model/compiled-entity.ts';
import { contentHash } from './content-hash.ts';
import type { ParsedRecord } from './parsed-record.ts';
import type { StoredRecord } from './stored-record.ts';

/** What a valid record will do to its table. */
export interface PlannedWrite {
  readonly outcome: 'created' | 'updated' | 'unchanged';
  readonly index: number;
  readonly externalId: string;
  readonly existing?: StoredRecord;
  readonly contentHash: string;
  /** Every leaf column -> canonical value after merging with the stored record. */
  readonly values: ReadonlyMap<string, unknown>;
  readonly refXids: ReadonlyMap<string, string | null>;
  readonly refIds: ReadonlyMap<string, string | null>;
  /** References left pending because the parent does not exist yet. */
  readonly deferred: readonly string[];
}

export type Planned =
  | PlannedWrite
  | {
      readonly outcome: 'rejected';
      readonly index: number;
      readonly externalId: string;
      readonly errors: RecordError[];
    };

/** What the planner knows about parents. */
export interface ParentIndex {
  /** Reference name -> parent external id -> parent id (existing parents). */
  readonly ids: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** External ids of valid records of this batch (parents of self-references). */
  readonly inBatch: ReadonlySet<string>;
  readonly source: string;
  readonly deferUnresolved: boolean;
}

interface Empty {
  readonly values: ReadonlyMap<string, unknown>;
  readonly refs: ReadonlyMap<string, string | null>;
}
const empties = new WeakMap<CompiledEntity, Empty>();

/** Every leaf column and every reference of `entity` set to null (built once per entity). */
function emptyOf(entity: CompiledEntity): Empty {
  let empty = empties.get(entity);
  if (empty === undefined) {
    empty = {
      values: new Map(entity.leaves.map((l) => [l.column, null])),
      refs: new Map(entity.refs.map((r) => [r.name, null])),
    };
    empties.set(entity, empty);
  }
  return empty;
}

/** Merges a parsed record with its stored version, resolves references and picks the outcome. */
export function planRecord(
  entity: CompiledEntity,
  record: ParsedRecord,
  existing: StoredRecord | undefined,
  parents: ParentIndex,
): Planned {
  const errors: RecordError[] = [];
  const empty = emptyOf(entity);
  // Built in the model's leaf order: the given value, else the stored one, else null.
  const values = new Map<string, unknown>();
  const fromRecord = record.values;
  const stored = existing?.values;
  for (const leaf of entity.leaves) {
    const column = leaf.column;
    const value = fromRecord.has(column) ? fromRecord.get(column) : (stored?.get(column) ?? null);
    values.set(column, value);
    if (value === null && leaf.def.required === true)
      errors.push({ field: `fields.${leaf.path}`, code: 'required', message: `${leaf.path} is required` });
  }
  const refXids = new Map(existing?.refXids ?? empty.refs);
  const refIds = new Map(existing?.refIds ?? empty.refs);
  const deferred: string[] = [];
  for (const ref of entity.refs) {
    const given = record.refs.get(ref.name);
    if (given === undefined) {
      if (refXids.get(ref.name) === null && ref.required)
        errors.push({ field: `refs.${ref.name}`, code: 'required', message: `${ref.name} is required` });
      else if (refXids.get(ref.name) !== null && refIds.get(ref.name) === null) deferred.push(ref.name);
      continue;
    }
    refXids.set(ref.name, given);
    if (given === null) {
      refIds.set(ref.name, null);
      continue;
    }
    const id = parents.ids.get(ref.name)?.get(given);
    refIds.set(ref.name, id ?? null);
    if (id !== undefined) continue;
    const selfInBatch = ref.target === entity.name && parents.inBatch.has(given);
    if (selfInBatch) continue;
    if (parents.deferUnresolved) deferred.push(ref.name);
    else
      errors.push({
        field: `refs.${ref.name}`,
        code: 'unresolved_reference',
        message: `no ${ref.target} record with external id ${JSON.stringify(given)} in source ${parents.source}`,
      });
  }
  if (errors.length > 0)
    return { outcome: 'rejected', index: record.index, externalId: record.externalId, errors };
  const hash = contentHash(entity, values, refXids);
  const outcome =
    existing === undefined
      ? 'created'
      : existing.deleted || existing.contentHash !== hash
        ? 'updated'
        : 'unchanged';
  return {
    outcome,
    index: record.index,
    externalId: record.externalId,
    ...(existing !== undefined ? { existing } : {}),
    contentHash: hash,
    values,
    refXids,
    refIds,
    deferred,
  };
}

/**
 * Plans a whole batch. A self-reference to a record of the same batch counts as resolvable only
 * while that record is not rejected, so rejections propagate until nothing changes.
 */
export function planBatch(
  entity: CompiledEntity,
  records: readonly ParsedRecord[],
  existing: ReadonlyMap<string, StoredRecord>,
  parents: ParentIndex,
): Planned[] {
  let inBatch = parents.inBatch;
  for (;;) {
    const index = { ...parents, inBatch };
    const planned = records.map((r) => planRecord(entity, r, existing.get(r.externalId), index));
    const rejected = planned.filter((p) => p.outcome === 'rejected' && inBatch.has(p.externalId));
    if (rejected.length === 0) return planned;
    const next = new Set(inBatch);
    for (const p of rejected) next.delete(p.externalId);
    inBatch = next;
  }
}
