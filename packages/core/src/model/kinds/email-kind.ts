import { type FieldKind, fail } from './field-kind.ts';
import { parseText, stringKind } from './string-kind.ts';

const MAX = 254;
const EMAIL_TEXT = { type: 'email', maxLength: MAX } as const;
export const EMAIL = /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:.]+$/;

export const emailKind: FieldKind = {
  ...stringKind,
  parse(value) {
    // An e-mail's length is always MAX, whatever the field says (one definition, not a copy per value).
    const text = parseText(value, EMAIL_TEXT);
    if (!text.ok) return text;
    return EMAIL.test(value as string) ? text : fail('invalid_format', 'not a valid e-mail address');
  },
  storage: () => ({ kind: 'varchar', length: MAX }),
  jsonSchema: () => ({ type: 'string', format: 'email', maxLength: MAX }),
};
