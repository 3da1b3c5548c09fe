import type { RecordErrorCode } from '@madeup/contract';
import type { FieldDef } from '../field.ts';

/** The storage type a field needs, before a dialect turns it into SQL. */
export type StorageType =
  | { readonly kind: 'varchar'; readonly length: number }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'bigint' | 'boolean' | 'timestamp' | 'date' | 'json' };

/** The outcome of checking one wire value: its canonical form, or why it is refused. */
export type Parsed =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly code: RecordErrorCode; readonly message: string };

/** Behaviour of one wire type: validation, canonical form, storage mapping. */
export interface FieldKind {
  /** Checks a non-null wire value and returns its canonical wire form. */
  parse(value: unknown, def: FieldDef): Parsed;
  /** The column type it is stored in. */
  storage(def: FieldDef): StorageType;
  /** Canonical wire value -> value bound as a query parameter (same for every dialect). */
  toDb(value: unknown): unknown;
  /** Value read from any dialect -> canonical wire value. */
  fromDb(raw: unknown): unknown;
  /** JSON Schema of the wire value, for the OpenAPI document. */
  jsonSchema(def: FieldDef): Record<string, unknown>;
}

export const ok = (value: unknown): Parsed => ({ ok: true, value });
export const fail = (code: RecordErrorCode, message: string): Parsed => ({ ok: false, code, message });
export const typeError = (expected: string, value: unknown): Parsed =>
  fail(
    'invalid_type',
    `expected ${expected}, got ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`,
  );
