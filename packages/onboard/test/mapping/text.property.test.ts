import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileOne, evaluate } from './expression-harness.ts';

/**
 * The text operators and templates on arbitrary Unicode (astral characters, combining marks,
 * zero-width and exotic spaces, a lone surrogate) against simple oracles written here: trimming
 * by a listed set of white space, splitting and replacing by hand, per-character case.
 */

const RUNS = 300;

/** ECMAScript white space and line terminators: what `trim` promises to remove. */
const WHITE = new Set([
  ...'\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff',
  ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)),
]);

const SPECIAL = [
  ...' \t\n\u00a0\u2009\u3000\ufeff\u200b\u200d',
  'e\u0301',
  '\u0301',
  '😀',
  '👩\u200d👩\u200d👧',
  '𐐀',
  '𐐨',
  'ß',
  'İ',
  'ﬁ',
  'Σ',
  'ς',
  "'",
  '-',
  ',',
  '{',
  '}',
  '$',
  '\ud800',
];

const unit = fc.oneof(
  fc.constantFrom(...SPECIAL),
  fc.constantFrom(...'aZ09 ,;|'),
  fc
    .integer({ min: 0, max: 0x10ffff })
    .filter((cp) => cp < 0xd800 || cp > 0xdfff)
    .map((cp) => String.fromCodePoint(cp)),
);
const anyText = fc.string({ unit, maxLength: 12 });
const nonEmpty = fc.string({ unit, minLength: 1, maxLength: 3 });

function trimmed(text: string): string {
  const chars = [...text];
  while (chars.length > 0 && WHITE.has(chars[0]!)) chars.shift();
  while (chars.length > 0 && WHITE.has(chars.at(-1)!)) chars.pop();
  return chars.join('');
}

function splitBy(text: string, separator: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let at = text.indexOf(separator); at >= 0; at = text.indexOf(separator, from)) {
    parts.push(text.slice(from, at));
    from = at + separator.length;
  }
  parts.push(text.slice(from));
  return parts.map(trimmed);
}

const perCharacter = (text: string, change: (c: string) => string) => [...text].map(change).join('');
const sigma = (text: string) => text.replaceAll('ς', 'σ');
const wellFormed = (text: string) => !/\p{Cs}/u.test(text);

describe('text operators on arbitrary Unicode', () => {
  it(
    'trim, upper and lower agree with per-character oracles and never break a character',
    () => {
      fc.assert(
        fc.property(anyText, (text) => {
          const row = { V: text };
          expect(evaluate({ trim: 'V' }, row)).toBe(trimmed(text));
          const upper = evaluate({ upper: 'V' }, row) as string;
          expect(upper).toBe(perCharacter(text, (c) => c.toUpperCase()));
          const lower = evaluate({ lower: 'V' }, row) as string;
          expect(sigma(lower)).toBe(sigma(perCharacter(text, (c) => c.toLowerCase())));
          for (const out of [upper, lower, evaluate({ titleCase: 'V' }, row) as string])
            expect(wellFormed(out)).toBe(wellFormed(text));
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'titleCase capitalises the first letter of each word of plain text',
    () => {
      const word = fc.string({ unit: fc.constantFrom(..."abcXYZ -'(é"), maxLength: 12 });
      fc.assert(
        fc.property(word, (text) => {
          let expected = '';
          let start = true;
          for (const c of text) {
            expected += start ? c.toUpperCase() : c.toLowerCase();
            start = " -'(".includes(c);
          }
          expect(evaluate({ titleCase: 'V' }, { V: text })).toBe(expected);
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'split gives the trimmed parts, or one of them by index; join skips blanks',
    () => {
      fc.assert(
        fc.property(anyText, nonEmpty, fc.integer({ min: -4, max: 4 }), (text, separator, index) => {
          const parts = splitBy(text, separator);
          const row = { V: text };
          expect(evaluate({ split: 'V', separator }, row)).toEqual(parts);
          expect(evaluate({ split: 'V', separator, index }, row)).toBe(parts.at(index) ?? null);
          const kept = parts.filter((part) => part !== '');
          expect(evaluate({ join: { split: 'V', separator }, separator: '/' }, row)).toBe(
            kept.length === 0 ? null : kept.join('/'),
          );
        }),
        fuzzOptions(RUNS),
      );
      expect(compileOne({ split: 'V', separator: '' }).problems[0]?.message).toBe(
        'separator must be at least one character',
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'replace swaps every literal match, and an empty pattern inserts between characters, never inside one',
    () => {
      const literal = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
      const replacement = fc.string({ unit: fc.constantFrom('x', '-', '😀', ' ', 'é'), maxLength: 3 });
      fc.assert(
        fc.property(anyText, nonEmpty, replacement, (text, pattern, by) => {
          const row = { V: text };
          expect(evaluate({ replace: 'V', pattern: literal(pattern), with: by }, row)).toBe(
            text.split(pattern).join(by),
          );
          expect(evaluate({ replace: 'V', pattern: '', with: by }, row)).toBe(
            `${by}${[...text].map((c) => `${c}${by}`).join('')}`,
          );
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'a template renders literal text, doubled braces and column values (null as empty, numbers in plain digits)',
    () => {
      const literal = fc.string({ unit, maxLength: 6 });
      const value = fc.oneof(
        anyText,
        fc.constant(null),
        fc.boolean(),
        fc.integer(),
        fc.constantFrom(1e21, 1e-7, -0),
      );
      const shown = (v: unknown) =>
        v === null ? '' : v === 1e21 ? '1000000000000000000000' : v === 1e-7 ? '0.0000001' : String(v);
      fc.assert(
        fc.property(
          fc.array(fc.tuple(literal, fc.constantFrom('A', 'B', ' C ')), { maxLength: 4 }),
          literal,
          value,
          value,
          value,
          (pieces, tail, a, b, c) => {
            const row = { A: a, B: b, C: c };
            const doubled = (text: string) => text.replaceAll('{', '{{').replaceAll('}', '}}');
            const source = `${pieces.map(([text, name]) => `${doubled(text)}{${name}}`).join('')}${doubled(tail)}`;
            const expected = `${pieces.map(([text, name]) => `${text}${shown(row[name.trim() as 'A'])}`).join('')}${tail}`;
            expect(evaluate({ template: source }, row)).toBe(expected);
          },
        ),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});
