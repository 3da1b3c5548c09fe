import { MAX_EXTERNAL_ID_LENGTH, type RecordError, type RecordErrorCode } from '@madeup/contract';
import type { CompiledEntity, LeafField, RefColumns } from '../model/compiled-entity.ts';
import { parseText } from '../model/kinds/string-kind.ts';
import type { ParseOutcome } from './parsed-record.ts';

/** Names core sets itself; a record carrying one (outside the model's own fields) is refused. */
export const SERVER_OWNED: ReadonlySet<string> = new Set([
  'id',
  'tenant',
  'tenantId',
  'source',
  'externalId',
  'contentHash',
  'createdAt',
  'updatedAt',
  'deletedAt',
]);

export const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A leaf with its position in `entity.leaves` (where `ParsedRecord.values` holds its value). */
export interface PlacedLeaf {
  readonly leaf: LeafField;
  readonly at: number;
}

/** An entity's lookups for parsing, worked out once per entity. */
export interface RecordShape {
  /** Top-level field name -> its leaves, and for an object field the member names. */
  readonly fields: ReadonlyMap<
    string,
    { readonly leaves: readonly PlacedLeaf[]; readonly members?: ReadonlySet<string> }
  >;
  /** Reference name -> the reference and its position in `entity.refs`. */
  readonly refs: ReadonlyMap<string, { readonly ref: RefColumns; readonly at: number }>;
  readonly leafCount: number;
  readonly refCount: number;
}

const shapes = new WeakMap<CompiledEntity, RecordShape>();

export function shapeOf(entity: CompiledEntity): RecordShape {
  let shape = shapes.get(entity);
  if (shape === undefined) {
    const fields = new Map<string, { leaves: readonly PlacedLeaf[]; members?: ReadonlySet<string> }>();
    for (const [name, leaves] of entity.fields) {
      const placed = leaves.map((leaf) => ({ leaf, at: entity.leaves.indexOf(leaf) }));
      fields.set(
        name,
        entity.def.fields[name]?.type === 'object'
          ? { leaves: placed, members: new Set(leaves.map((l) => l.member ?? '')) }
          : { leaves: placed },
      );
    }
    shape = {
      fields,
      refs: new Map(entity.refs.map((ref, at) => [ref.name, { ref, at }])),
      leafCount: entity.leaves.length,
      refCount: entity.refs.length,
    };
    shapes.set(entity, shape);
  }
  return shape;
}

/**
 * The errors of the record being checked. `parseRecord` is synchronous, so one list and one
 * callback serve every call (no array and closure per record); a record with errors gets a copy.
 */
const found: RecordError[] = [];
const error: OnError = (field, code, message) => {
  found.push({ field, code, message });
};

/** Checks one record of a batch against its entity; collects every error, never throws. */
export function parseRecord(entity: CompiledEntity, input: unknown, index: number): ParseOutcome {
  found.length = 0;
  if (!isObject(input)) {
    error('', 'invalid_type', 'a record must be a JSON object');
    return { ok: false, externalId: '', errors: found.splice(0) };
  }
  const shape = shapeOf(entity);
  const externalId = checkExternalId(input['externalId'], error);
  // `for ... in` rather than `Object.keys`: the same own keys of a parsed JSON object, in the same
  // order (its prototype has no enumerable ones), without an array of them per object.
  for (const key in input)
    if (key !== 'externalId' && key !== 'fields' && key !== 'refs')
      SERVER_OWNED.has(key)
        ? error(key, 'server_owned_field', `${key} is set by core and cannot be imported`)
        : error(key, 'unknown_field', `unknown member ${key} (expected externalId, fields, refs)`);
  const values: unknown[] = new Array(shape.leafCount).fill(undefined);
  const fields = input['fields'] ?? {};
  if (!isObject(fields)) error('fields', 'invalid_type', 'fields must be a JSON object');
  else
    for (const name in fields) {
      const field = shape.fields.get(name);
      const value = fields[name];
      if (field === undefined) {
        SERVER_OWNED.has(name)
          ? error(`fields.${name}`, 'server_owned_field', `${name} is set by core and cannot be imported`)
          : error(`fields.${name}`, 'unknown_field', `${entity.name} has no field ${name}`);
      } else if (field.members !== undefined) {
        parseObject(name, field.leaves, field.members, value, values, error);
      } else if (field.leaves[0] !== undefined) {
        parseLeaf(field.leaves[0], value, values, error);
      }
    }
  const refs: (string | null | undefined)[] = new Array(shape.refCount).fill(undefined);
  const refInput = input['refs'] ?? {};
  if (!isObject(refInput)) error('refs', 'invalid_type', 'refs must be a JSON object');
  else
    for (const name in refInput) {
      const placed = shape.refs.get(name);
      const value = refInput[name];
      if (placed === undefined)
        error(`refs.${name}`, 'unknown_reference', `${entity.name} has no reference ${name}`);
      else if (value === null) {
        if (placed.ref.required) error(`refs.${name}`, 'required', `${name} is required`);
        else refs[placed.at] = null;
      } else if (isExternalId(value)) refs[placed.at] = value;
      else
        error(
          `refs.${name}`,
          'invalid_type',
          `a parent external id (1..${MAX_EXTERNAL_ID_LENGTH} characters) or null`,
        );
    }
  if (found.length > 0 || externalId === undefined)
    return { ok: false, externalId: externalId ?? '', errors: found.splice(0) };
  return { ok: true, record: { index, externalId, values, refs } };
}

export type OnError = (field: string, code: RecordErrorCode, message: string) => void;

const EXTERNAL_ID_DEF = { type: 'string', maxLength: MAX_EXTERNAL_ID_LENGTH } as const;

/** An external id core can store and find on every dialect: 1..255 characters of well-formed text, no NUL. */
export function isExternalId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && parseText(value, EXTERNAL_ID_DEF).ok;
}

export function checkExternalId(value: unknown, error: OnError): string | undefined {
  if (value === undefined) error('externalId', 'required', 'externalId is required');
  else if (!isExternalId(value))
    error(
      'externalId',
      'invalid_type',
      `externalId must be a string of 1..${MAX_EXTERNAL_ID_LENGTH} characters`,
    );
  else return value as string;
  return undefined;
}

export function parseLeaf({ leaf, at }: PlacedLeaf, value: unknown, into: unknown[], error: OnError): void {
  if (value === null) {
    if (leaf.def.required === true) error(`fields.${leaf.path}`, 'required', `${leaf.path} is required`);
    else into[at] = null;
    return;
  }
  const parsed = leaf.kind.parse(value, leaf.def);
  if (parsed.ok) into[at] = parsed.value;
  else error(`fields.${leaf.path}`, parsed.code, parsed.message);
}

/** An object value replaces the whole object: members it leaves out become null. */
export function parseObject(
  name: string,
  leaves: readonly PlacedLeaf[],
  members: ReadonlySet<string>,
  value: unknown,
  into: unknown[],
  error: OnError,
): void {
  if (value === null) {
    for (let i = 0; i < leaves.length; i++) into[(leaves[i] as PlacedLeaf).at] = null;
    return;
  }
  if (!isObject(value)) {
    error(`fields.${name}`, 'invalid_type', `${name} must be a JSON object`);
    return;
  }
  for (const key in value)
    if (!members.has(key)) error(`fields.${name}.${key}`, 'unknown_field', `${name} has no member ${key}`);
  for (let i = 0; i < leaves.length; i++) {
    const placed = leaves[i] as PlacedLeaf;
    // Own members only: an absent `constructor` or `toString` must not read Object.prototype's.
    const member = placed.leaf.member ?? '';
    parseLeaf(placed, Object.hasOwn(value, member) ? (value[member] ?? null) : null, into, error);
  }
}
