import { fuzzOptions } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTemplate, placeholderFor } from '../../src/mapping/expressions/template.ts';

/** Column names as sources have them: any text, and names built of the pieces templates read. */
const nameArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc
    .array(
      fc.constantFrom('{', '}', '{{', '}}', '"', '\\', ' ', '\u00a0', '\t', '\n', 'a', 'id', '\\u0041', '/'),
      {
        maxLength: 8,
      },
    )
    .map((pieces) => pieces.join('')),
);

/** What docs/mappings.md says a bare `{Name}` reads as a column name of its own. */
const bareReadable = (name: string) =>
  name !== '' && name.trim() === name && !name.includes('{') && !name.includes('}') && !name.startsWith('"');

describe('template placeholders, any column name', () => {
  it('name it in the quoted form {"…"} (a JSON string), in the bare form when the docs allow, and as mapping init writes it', () => {
    fc.assert(
      fc.property(nameArb, nameArb, (name, other) => {
        const expected = { parts: ['<', { column: name }, '|', { column: other }, '>'] };
        // The docs' quoted form, written here with JSON.stringify.
        expect(parseTemplate(`<{${JSON.stringify(name)}}|{ ${JSON.stringify(other)} }>`)).toEqual(expected);
        if (bareReadable(name) && bareReadable(other))
          expect(parseTemplate(`<{${name}}|{ ${other} }>`)).toEqual(expected);
        expect(parseTemplate(`<${placeholderFor(name)}|${placeholderFor(other)}>`)).toEqual(expected);
        // mapping init keeps the bare form wherever it reads back.
        if (bareReadable(name)) expect(placeholderFor(name)).toBe(`{${name}}`);
      }),
      fuzzOptions(500),
    );
  });
});
