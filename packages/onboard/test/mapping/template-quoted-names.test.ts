import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../src/mapping/expressions/template.ts';
import { compileOne, evaluate } from './expression-harness.ts';

const row = {
  '': 'empty',
  ' id': 'padded',
  'a{b}': 'braced',
  'a}}b': 'closing',
  'say "hi"': 'quoted',
  x: 'plain',
};

describe('template placeholders that quote their column name', () => {
  it('name any column as a JSON string between the braces: empty, blank-padded, braces, quotes', () => {
    expect(parseTemplate('{""}/{" id"}/{"a{b}"}/{"a}}b"}/{"say \\"hi\\""}')).toEqual({
      parts: [
        { column: '' },
        '/',
        { column: ' id' },
        '/',
        { column: 'a{b}' },
        '/',
        { column: 'a}}b' },
        '/',
        { column: 'say "hi"' },
      ],
    });
    expect(evaluate('{""}-{" id"}-{"a{b}"}-{"a}}b"}-{"say \\"hi\\""}', row)).toBe(
      'empty-padded-braced-closing-quoted',
    );
    expect(evaluate({ template: '{"\\u0078"} and { "x" }' }, row)).toBe('plain and plain');
  });

  it('leave doubled braces literal, as before', () => {
    expect(parseTemplate('{{"x"}}')).toEqual({ parts: ['{"x"}'] });
    expect(parseTemplate('{{{"x"}}}')).toEqual({ parts: ['{', { column: 'x' }, '}'] });
  });

  it('report a broken quoted name with its position', () => {
    expect(parseTemplate('ab{"x')).toEqual({ error: 'unclosed quoted column name at position 3' });
    expect(parseTemplate('{"x" y}')).toEqual({
      error: 'expected "}" after the quoted column name at position 1, found "y"',
    });
    expect(parseTemplate('{"x"')).toEqual({
      error: 'expected "}" after the quoted column name at position 1',
    });
    expect(parseTemplate('{"\\q"}')).toMatchObject({
      error: expect.stringMatching(/^bad quoted column name at position 1: /),
    });
    expect(parseTemplate('{"x"}}')).toEqual({
      error: 'unmatched "}" at position 6 (write "}}" for a literal brace)',
    });
    expect(compileOne('{"nope"}', { columns: { x: 'string' } }).problems).toMatchObject([
      { code: 'unknown_column' },
    ]);
  });
});
