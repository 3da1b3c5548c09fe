import { MAX_EXTERNAL_ID_LENGTH, type RecordError } from '@madeup/contract';
import type { CompiledEntity } from '../model/compiled-entity.ts';
import { compileRowBody, type KnownColumn, type KnownRef, type RowBody } from './compiled-row-parser.ts';
import {
  checkExternalId,
  isExternalId,
  isObject,
  type OnError,
  parseLeaf,
  parseObject,
  parseRecord,
  SERVER_OWNED,
  shapeOf,
} from './parse-record.ts';
import type { ParseOutcome } from './parsed-record.ts';

/** One field column of a columnar body, resolved against the entity once per batch. */
type FieldColumn =
  | KnownColumn
  | { readonly kind: 'unknown'; readonly name: string; readonly serverOwned: boolean };

/** One reference column: its name, and its position in `entity.refs` (undefined: unknown). */
interface RefColumn {
  readonly name: string;
  readonly at: number | undefined;
  readonly required: boolean;
}

/** Parses one element of a columnar body's `rows` (see `ColumnarImportRequest`). */
export type RowParser = (raw: unknown, index: number) => ParseOutcome;

/** A name that a column list repeats: where it is first and again. */
export interface RepeatedColumn {
  readonly name: string;
  readonly first: number;
  readonly again: number;
}

/** The first name `names` repeats, if any. */
export function repeatedColumn(names: readonly string[]): RepeatedColumn | undefined {
  const seen = new Map<string, number>();
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const first = seen.get(name);
    if (first !== undefined) return { name, first, again: i };
    seen.set(name, i);
  }
  return undefined;
}

const found: RecordError[] = [];
const error: OnError = (field, code, message) => {
  found.push({ field, code, message });
};

/**
 * The parser of a columnar body's rows for `entity`, given its column names (distinct: see
 * `repeatedColumn`). The names are looked up once here; each row then costs one pass over its
 * values. A row gives the same outcome and errors, with the same field paths, as the object-form
 * record carrying the same names in the same order (`parseRecord`); an object element is parsed
 * as one.
 */
export function rowParser(
  entity: CompiledEntity,
  fields: readonly string[],
  refs: readonly string[],
  /** False: always the interpreter below (tests compare the two). */
  compile = true,
): RowParser {
  const shape = shapeOf(entity);
  const fieldColumns: FieldColumn[] = fields.map((name) => {
    const field = shape.fields.get(name);
    if (field === undefined) return { kind: 'unknown', name, serverOwned: SERVER_OWNED.has(name) };
    if (field.members !== undefined)
      return { kind: 'object', name, leaves: field.leaves, members: field.members };
    const placed = field.leaves[0];
    // A field always has a leaf; a model without one would be a bug of the model's compiler.
    if (placed === undefined) throw new Error(`field ${name} of ${entity.name} has no leaf`);
    return { kind: 'leaf', placed };
  });
  const refColumns: RefColumn[] = refs.map((name) => {
    const placed = shape.refs.get(name);
    return { name, at: placed?.at, required: placed?.ref.required ?? false };
  });
  const width = 1 + fields.length + refs.length;
  const arity = `${width} values (externalId, ${fields.length} fields, ${refs.length} refs)`;
  const compiled = compile ? compiledBody(entity, fields, refs, fieldColumns, refColumns) : undefined;
  return (raw, index) => {
    if (!Array.isArray(raw)) {
      if (isObject(raw)) return parseRecord(entity, raw, index);
      return rejected(undefined, `a row must be a JSON array of ${arity} or a record object`);
    }
    if (raw.length !== width)
      return rejected(raw[0], `a row of ${raw.length} values where the columns need ${arity}`);
    if (compiled !== undefined) return compiled(raw, index);
    found.length = 0;
    const externalId = checkExternalId(raw[0], error);
    const values: unknown[] = new Array(shape.leafCount).fill(undefined);
    for (let i = 0; i < fieldColumns.length; i++) {
      const column = fieldColumns[i] as FieldColumn;
      const value = raw[1 + i];
      if (column.kind === 'leaf') parseLeaf(column.placed, value, values, error);
      else if (column.kind === 'object')
        parseObject(column.name, column.leaves, column.members, value, values, error);
      else if (column.serverOwned)
        error(
          `fields.${column.name}`,
          'server_owned_field',
          `${column.name} is set by core and cannot be imported`,
        );
      else error(`fields.${column.name}`, 'unknown_field', `${entity.name} has no field ${column.name}`);
    }
    const refValues: (string | null | undefined)[] = new Array(shape.refCount).fill(undefined);
    const base = 1 + fieldColumns.length;
    for (let j = 0; j < refColumns.length; j++) {
      const column = refColumns[j] as RefColumn;
      const value = raw[base + j];
      if (column.at === undefined)
        error(`refs.${column.name}`, 'unknown_reference', `${entity.name} has no reference ${column.name}`);
      else if (value === null) {
        if (column.required) error(`refs.${column.name}`, 'required', `${column.name} is required`);
        else refValues[column.at] = null;
      } else if (isExternalId(value)) refValues[column.at] = value;
      else
        error(
          `refs.${column.name}`,
          'invalid_type',
          `a parent external id (1..${MAX_EXTERNAL_ID_LENGTH} characters) or null`,
        );
    }
    if (found.length > 0 || externalId === undefined)
      return { ok: false, externalId: externalId ?? '', errors: found.splice(0) };
    return { ok: true, record: { index, externalId, values, refs: refValues } };
  };
}

/** A row rejected as a whole (its shape); its external id when one is readable. */
function rejected(first: unknown, message: string): ParseOutcome {
  const externalId = isExternalId(first) ? first : '';
  return { ok: false, externalId, errors: [{ field: '', code: 'invalid_type', message }] };
}

/** Column lists of at most this many columns are compiled (`compileRowBody`); longer ones are interpreted. */
const MAX_COMPILED_COLUMNS = 200;
/** Compiled bodies kept per entity, by column list (emptied when full: a client may send many lists). */
const MAX_COMPILED_LISTS = 256;
/**
 * Keyed by the compiled entity itself, as `shapeOf` is: two models in one process may both have an
 * entity of a name, with other fields, and a body compiled for one must never check the other's rows.
 */
const compiledBodies = new WeakMap<CompiledEntity, Map<string, RowBody>>();

/**
 * The compiled body for a list of columns the entity all knows (a list naming an unknown column
 * rejects every row, and is left to the interpreter), made once per entity and list. Undefined
 * when the list is not compiled.
 */
function compiledBody(
  entity: CompiledEntity,
  fields: readonly string[],
  refs: readonly string[],
  fieldColumns: readonly FieldColumn[],
  refColumns: readonly RefColumn[],
): RowBody | undefined {
  if (fields.length + refs.length > MAX_COMPILED_COLUMNS) return undefined;
  const known: KnownColumn[] = [];
  for (const column of fieldColumns) {
    if (column.kind === 'unknown') return undefined;
    known.push(column);
  }
  const knownRefs: KnownRef[] = [];
  for (const ref of refColumns) {
    if (ref.at === undefined) return undefined;
    knownRefs.push({ name: ref.name, at: ref.at, required: ref.required });
  }
  let bodies = compiledBodies.get(entity);
  if (bodies === undefined) {
    bodies = new Map();
    compiledBodies.set(entity, bodies);
  }
  const key = JSON.stringify([fields, refs]);
  let body = bodies.get(key);
  if (body === undefined) {
    const shape = shapeOf(entity);
    body = compileRowBody(known, knownRefs, shape.leafCount, shape.refCount, found, error);
    if (bodies.size >= MAX_COMPILED_LISTS) bodies.clear();
    bodies.set(key, body);
  }
  return body;
}
