import { type EntityDef, snakeCase } from './entity.ts';
import type { FieldDef } from './field.ts';
import { type FieldKind, kindOf } from './kinds/index.ts';

/** A stored scalar of an entity: a top-level field or a member of an object field. */
export interface LeafField {
  /** Wire path below `fields`: `email`, `address.city`. */
  readonly path: string;
  readonly top: string;
  readonly member?: string;
  readonly column: string;
  readonly def: FieldDef;
  readonly kind: FieldKind;
}

/** A reference as stored: the resolved parent id and the parent's external id. */
export interface RefColumns {
  readonly name: string;
  readonly target: string;
  readonly required: boolean;
  /** Parent's core id; null while pending. */
  readonly idColumn: string;
  /** Parent's external id as sent; null when the reference is empty. */
  readonly xidColumn: string;
}

/** Columns every entity table has, owned by core. */
export const SYSTEM_COLUMNS = [
  'id',
  'source',
  'external_id',
  'content_hash',
  'row_created_at',
  'row_updated_at',
  'row_deleted_at',
] as const;

/** An entity with its storage layout worked out once. */
export interface CompiledEntity {
  readonly def: EntityDef;
  readonly name: string;
  readonly table: string;
  readonly leaves: readonly LeafField[];
  readonly refs: readonly RefColumns[];
  /** Top-level field name -> its leaves (one for scalars, the members for objects). */
  readonly fields: ReadonlyMap<string, readonly LeafField[]>;
}

export function compileEntity(def: EntityDef): CompiledEntity {
  const fields = new Map<string, LeafField[]>();
  for (const [top, field] of Object.entries(def.fields)) {
    if (field.type === 'object') {
      const members = Object.entries(field.members ?? {}).map(([member, sub]) => ({
        path: `${top}.${member}`,
        top,
        member,
        column: `${snakeCase(top)}_${snakeCase(member)}`,
        def: sub,
        kind: kindOf(sub.type),
      }));
      fields.set(top, members);
    } else {
      fields.set(top, [{ path: top, top, column: snakeCase(top), def: field, kind: kindOf(field.type) }]);
    }
  }
  const refs = Object.entries(def.references).map(([name, r]) => ({
    name,
    target: r.target,
    required: r.required === true,
    idColumn: `${snakeCase(name)}_id`,
    xidColumn: `${snakeCase(name)}_xid`,
  }));
  const leaves = [...fields.values()].flat();
  assertDistinctColumns(def.name, [
    ...SYSTEM_COLUMNS,
    ...leaves.map((l) => l.column),
    ...refs.flatMap((r) => [r.idColumn, r.xidColumn]),
  ]);
  return { def, name: def.name, table: def.table, leaves, refs, fields };
}

function assertDistinctColumns(entity: string, columns: readonly string[]): void {
  const seen = new Set<string>();
  for (const column of columns) {
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(column)) throw new Error(`${entity}: bad column name ${column}`);
    if (seen.has(column)) throw new Error(`${entity}: two fields map to column ${column}`);
    seen.add(column);
  }
}
