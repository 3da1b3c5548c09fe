import type { FieldDef } from './field.ts';

/** A reference to a parent record, given on the wire by the parent's external id. */
export interface ReferenceDef {
  /** Name of the target entity (may be the entity itself). */
  readonly target: string;
  readonly required?: boolean;
  readonly description?: string;
}

/** One importable entity of the model. Records are keyed by (source, externalId). */
export interface EntityDef {
  /** camelCase name used in URLs and in the schema document. */
  readonly name: string;
  /** snake_case table name in every tenant database. */
  readonly table: string;
  readonly description: string;
  readonly fields: Readonly<Record<string, FieldDef>>;
  readonly references: Readonly<Record<string, ReferenceDef>>;
}

/** Declares an entity; the table name is derived from the entity name. */
export function defineEntity(def: Omit<EntityDef, 'table'>): EntityDef {
  return { ...def, table: snakeCase(def.name) };
}

/** `invoiceLines` -> `invoice_lines`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A shorthand for reference declarations. */
export function ref(target: string, options: Omit<ReferenceDef, 'target'> = {}): ReferenceDef {
  return { target, ...options };
}
