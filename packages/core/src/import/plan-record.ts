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
  /** Canonical value of every leaf after merging with the stored record, in `entity.leaves` order. */
  readonly values: readonly unknown[];
  /** Parent external id of every reference (null: none), in `entity.refs` order. */
  readonly refXids: readonly (string | null)[];
  /** Parent id of every reference (null: none, or pending), in `entity.refs` order. */
  readonly refIds: readonly (string | null)[];
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

/** The shared empty reference arrays of records of an entity without references (never written: it has no index). */
const NO_REFS: (string | null)[] = Object.freeze([]) as unknown as (string | null)[];
/** The shared empty `deferred` of a record with nothing deferred (frozen: read, never changed). */
const NO_NAMES: readonly string[] = Object.freeze([]);

/** `list` with `item` pushed, or a new list of `item` when there is none yet. */
function added<T>(list: T[] | undefined, item: T): T[] {
  if (list === undefined) return [item];
  list.push(item);
  return list;
}

/** Merges a parsed record with its stored version, resolves references and picks the outcome. */
export function planRecord(
  entity: CompiledEntity,
  record: ParsedRecord,
  existing: StoredRecord | undefined,
  parents: ParentIndex,
): Planned {
  // Made when the first error is found: most records have none.
  let errors: RecordError[] | undefined;
  // Arrays in the model's order (no per-record maps): the given value, else the stored one, else null.
  const leaves = entity.leaves;
  const values: unknown[] = new Array(leaves.length);
  const fromRecord = record.values;
  for (let i = 0; i < leaves.length; i++) {
    const leaf = leaves[i] as (typeof leaves)[number];
    const given = fromRecord[i]; // undefined: not given (parsed values are never undefined)
    // The stored values are decoded only when a record leaves one out.
    const kept = given !== undefined ? given : (existing?.values.get(leaf.column) ?? null);
    const value = kept === null ? (leaf.def.default ?? null) : kept;
    values[i] = value;
    if (value === null && leaf.def.required === true)
      errors = added(errors, {
        field: `fields.${leaf.path}`,
        code: 'required',
        message: `${leaf.path} is required`,
      });
  }
  const refs = entity.refs;
  // An entity without references shares one empty array for both; `deferred` is made on its first name.
  const refXids: (string | null)[] = refs.length === 0 ? NO_REFS : new Array(refs.length);
  const refIds: (string | null)[] = refs.length === 0 ? NO_REFS : new Array(refs.length);
  let deferred: string[] | undefined;
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i] as (typeof refs)[number];
    refXids[i] = existing?.refXidAt(i) ?? null;
    refIds[i] = existing?.refIdAt(i) ?? null;
    const given = record.refs[i];
    if (given === undefined) {
      if (refXids[i] === null && ref.required)
        errors = added(errors, {
          field: `refs.${ref.name}`,
          code: 'required',
          message: `${ref.name} is required`,
        });
      else if (refXids[i] !== null && refIds[i] === null) deferred = added(deferred, ref.name);
      continue;
    }
    refXids[i] = given;
    if (given === null) {
      refIds[i] = null;
      continue;
    }
    const id = parents.ids.get(ref.name)?.get(given);
    refIds[i] = id ?? null;
    if (id !== undefined) continue;
    const selfInBatch = ref.target === entity.name && parents.inBatch.has(given);
    if (selfInBatch) continue;
    if (parents.deferUnresolved) deferred = added(deferred, ref.name);
    else
      errors = added(errors, {
        field: `refs.${ref.name}`,
        code: 'unresolved_reference',
        message: `no ${ref.target} record with external id ${JSON.stringify(given)} in source ${parents.source}`,
      });
  }
  if (errors !== undefined)
    return { outcome: 'rejected', index: record.index, externalId: record.externalId, errors };
  const hash = contentHash(entity, values, refXids);
  const outcome =
    existing === undefined
      ? 'created'
      : existing.deleted || existing.contentHash !== hash
        ? 'updated'
        : 'unchanged';
  const index = record.index;
  const externalId = record.externalId;
  if (deferred === undefined) deferred = NO_NAMES as string[];
  return existing !== undefined
    ? { outcome, index, externalId, existing, contentHash: hash, values, refXids, refIds, deferred }
    : { outcome, index, externalId, contentHash: hash, values, refXids, refIds, deferred };
}

/**
 * Whether `planRecord` may have rejected `p` only for want of its stored version: a required field
 * or reference the record leaves out, which a stored value would fill. No other rejection depends
 * on the stored version (a reference names a parent or not, whatever was stored).
 */
export function rejectedForWantOfStored(p: Planned): boolean {
  return p.outcome === 'rejected' && p.errors.some((e) => e.code === 'required');
}

/**
 * Plans a whole batch. A self-reference to a record of the same batch counts as resolvable only
 * while that record is not rejected, so rejections propagate until nothing changes: each round
 * re-plans only the records whose self-reference names a record just rejected (an entity without
 * self-references is planned once, however many of its records are rejected).
 */
export function planBatch(
  entity: CompiledEntity,
  records: readonly ParsedRecord[],
  existing: ReadonlyMap<string, StoredRecord>,
  parents: ParentIndex,
): Planned[] {
  /** Positions of the self-references in `entity.refs`. */
  const selfRefs = entity.refs.flatMap((ref, at) => (ref.target === entity.name ? [at] : []));
  let inBatch = parents.inBatch;
  let planned = records.map((r) => planRecord(entity, r, existing.get(r.externalId), parents));
  if (selfRefs.length === 0) return planned;
  for (;;) {
    const dropped = new Set(
      planned.filter((p) => p.outcome === 'rejected' && inBatch.has(p.externalId)).map((p) => p.externalId),
    );
    if (dropped.size === 0) return planned;
    const next = new Set(inBatch);
    for (const xid of dropped) next.delete(xid);
    inBatch = next;
    const index = { ...parents, inBatch };
    planned = planned.map((p, i) => {
      const record = records[i] as ParsedRecord;
      const affected = selfRefs.some((at) => {
        const given = record.refs[at];
        return typeof given === 'string' && dropped.has(given);
      });
      return affected ? planRecord(entity, record, existing.get(record.externalId), index) : p;
    });
  }
}
