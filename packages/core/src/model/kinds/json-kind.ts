import { canonicalJson, sortKeys } from './canonical-json.ts';
import { type FieldKind, fail, ok, typeError } from './field-kind.ts';

const MAX_BYTES = 65_535;

export const jsonKind: FieldKind = {
  parse(value) {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return typeError('a JSON object', value);
    const text = canonicalJson(value);
    if (Buffer.byteLength(text) > MAX_BYTES) return fail('too_long', `at most ${MAX_BYTES} bytes of JSON`);
    if (text.includes('\\u0000')) return fail('invalid_format', 'contains a NUL character');
    return ok(sortKeys(value));
  },
  storage: () => ({ kind: 'json' }),
  toDb: (value) => canonicalJson(value),
  fromDb: (raw) => {
    if (raw === null || raw === undefined) return null;
    return sortKeys(typeof raw === 'string' ? JSON.parse(raw) : raw);
  },
  jsonSchema: () => ({ type: 'object', additionalProperties: true }),
};
