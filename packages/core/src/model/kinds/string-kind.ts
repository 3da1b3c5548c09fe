import type { FieldDef } from '../field.ts';
import { type FieldKind, fail, ok, type Parsed, typeError } from './field-kind.ts';

export const DEFAULT_MAX_LENGTH = 255;

/** ES2024 `String.prototype.isWellFormed`, present in Node 24 but not in the es2023 lib typings. */
interface WellFormed {
  isWellFormed(): boolean;
}

/**
 * Why a text cannot be stored exactly on every dialect (PostgreSQL refuses NUL in text and unpaired
 * surrogates cannot be encoded as UTF-8), or undefined.
 */
export function textContentError(value: string): string | undefined {
  if (!(value as unknown as WellFormed).isWellFormed()) return 'contains an unpaired UTF-16 surrogate';
  if (value.includes('\u0000')) return 'contains a NUL character';
  return undefined;
}

/** Checks what every stored string must satisfy: a string, well formed, no NUL, not too long. */
export function parseText(value: unknown, def: FieldDef): Parsed {
  if (typeof value !== 'string') return typeError('a string', value);
  const max = def.maxLength ?? DEFAULT_MAX_LENGTH;
  if (value.length > max && [...value].length > max)
    return fail('too_long', `at most ${max} characters, got ${[...value].length}`);
  const error = textContentError(value);
  return error === undefined ? ok(value) : fail('invalid_format', error);
}

export const stringKind: FieldKind = {
  parse: parseText,
  storage: (def) => ({ kind: 'varchar', length: def.maxLength ?? DEFAULT_MAX_LENGTH }),
  toDb: (value) => value,
  fromDb: (raw) => (raw === null || raw === undefined ? null : String(raw)),
  jsonSchema: (def) => ({ type: 'string', maxLength: def.maxLength ?? DEFAULT_MAX_LENGTH }),
};
