import { type FieldKind, fail, ok, typeError } from './field-kind.ts';
import { stringKind } from './string-kind.ts';

export const enumKind: FieldKind = {
  ...stringKind,
  parse(value, def) {
    const values = def.values ?? [];
    if (typeof value !== 'string') return typeError(`one of ${values.join(', ')}`, value);
    return values.includes(value) ? ok(value) : fail('invalid_enum', `must be one of ${values.join(', ')}`);
  },
  storage: (def) => ({ kind: 'varchar', length: Math.max(1, ...(def.values ?? []).map((v) => v.length)) }),
  jsonSchema: (def) => ({ type: 'string', enum: def.values ?? [] }),
};
