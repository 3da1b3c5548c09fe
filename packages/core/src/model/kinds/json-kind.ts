import { canonicalJson, sortKeys } from './canonical-json.ts';
import { type FieldKind, fail, ok, type Parsed, typeError } from './field-kind.ts';
import { textContentError } from './string-kind.ts';

/** Most bytes of a JSON value's canonical text. */
export const MAX_JSON_BYTES = 65_535;
/** Deepest nesting of objects and arrays in a JSON value (the value itself is level 1). */
export const MAX_JSON_DEPTH = 32;

/**
 * Why a JSON value cannot be stored exactly on every dialect, or undefined. Walks at most
 * `MAX_JSON_DEPTH` levels (so a 10,000-level value costs nothing and overflows no stack): every
 * key and string must be well formed without NUL (PostgreSQL's jsonb refuses both), every number
 * finite (`1e999` parses as Infinity, which JSON cannot hold).
 */
function jsonContentError(value: unknown, path: string, depth: number): Parsed | undefined {
  if (typeof value === 'string') {
    const error = textContentError(value);
    return error === undefined ? undefined : fail('invalid_format', `${path}: ${error}`);
  }
  if (typeof value === 'number')
    return Number.isFinite(value) ? undefined : fail('invalid_format', `${path}: not a finite number`);
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_JSON_DEPTH)
    return fail(
      'too_large',
      `nested deeper than ${MAX_JSON_DEPTH} levels of objects and arrays (at ${path})`,
    );
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const error = jsonContentError(value[i], `${path}[${i}]`, depth + 1);
      if (error !== undefined) return error;
    }
    return undefined;
  }
  for (const [key, member] of Object.entries(value)) {
    const keyError = textContentError(key);
    if (keyError !== undefined) return fail('invalid_format', `${path}: a key ${keyError}`);
    const error = jsonContentError(member, `${path}.${key.slice(0, 40)}`, depth + 1);
    if (error !== undefined) return error;
  }
  return undefined;
}

export const jsonKind: FieldKind = {
  parse(value) {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return typeError('a JSON object', value);
    const error = jsonContentError(value, '$', 1);
    if (error !== undefined) return error;
    const text = canonicalJson(value);
    if (Buffer.byteLength(text) > MAX_JSON_BYTES)
      return fail('too_long', `at most ${MAX_JSON_BYTES} bytes of JSON`);
    return ok(sortKeys(value));
  },
  storage: () => ({ kind: 'json' }),
  toDb: (value) => canonicalJson(value),
  fromDb: (raw) => {
    if (raw === null || raw === undefined) return null;
    return sortKeys(typeof raw === 'string' ? JSON.parse(raw) : raw);
  },
  jsonSchema: () => ({
    type: 'object',
    additionalProperties: true,
    description: `any JSON object: at most ${MAX_JSON_BYTES} bytes, ${MAX_JSON_DEPTH} levels deep, finite numbers, strings and keys without NUL or unpaired surrogates`,
  }),
};
