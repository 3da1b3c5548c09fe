import { type FieldKind, fail } from './field-kind.ts';
import { parseText, stringKind } from './string-kind.ts';

const MAX = 254;
const EMAIL = /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:.]+$/;

export const emailKind: FieldKind = {
  ...stringKind,
  parse(value, def) {
    const text = parseText(value, { ...def, maxLength: MAX });
    if (!text.ok) return text;
    return EMAIL.test(value as string) ? text : fail('invalid_format', 'not a valid e-mail address');
  },
  storage: () => ({ kind: 'varchar', length: MAX }),
  jsonSchema: () => ({ type: 'string', format: 'email', maxLength: MAX }),
};
