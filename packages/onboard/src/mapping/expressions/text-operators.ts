import type { Row } from '../../connectors/value.ts';
import type { CompiledExpression } from './compiled-expression.ts';
import { type Operator, stringOption } from './operator.ts';
import { toText } from './text-value.ts';

/** A one-argument text function: null in, null out. */
function textFunction(key: string, description: string, fn: (text: string) => string): Operator {
  return {
    options: [],
    description,
    compile(node, path, _context, sub) {
      const inner = sub(node[key], [...path, key]).evaluate;
      return {
        type: 'string',
        evaluate: (row) => {
          const text = toText(inner(row));
          return text === null ? null : fn(text);
        },
      };
    },
  };
}

export const trim = textFunction('trim', 'removes white space at both ends', (text) => text.trim());
export const upper = textFunction('upper', 'upper case', (text) => text.toUpperCase());
export const lower = textFunction('lower', 'lower case', (text) => text.toLowerCase());
export const titleCase = textFunction('titleCase', 'Each Word Capitalised, the rest lower case', (text) =>
  text
    .toLowerCase()
    .replace(
      /(^|[\s\-'’(])(\p{L})/gu,
      (_all, before: string, letter: string) => before + letter.toUpperCase(),
    ),
);

/** `{split: Tags, separator: ',', index: 0}`: the list of parts (trimmed), or one part (null when absent). */
export const split: Operator = {
  options: ['separator', 'index'],
  description: 'splits text into trimmed parts; with `index`, one part (0 first, -1 last)',
  compile(node, path, context, sub) {
    const inner = sub(node.split, [...path, 'split']).evaluate;
    let separator = stringOption(node, 'separator', path, context) ?? ',';
    if (separator === '') {
      // ''.split('') would cut astral characters in halves; there is no use for it in a mapping
      context.sink.add('bad_expression', [...path, 'separator'], 'separator must be at least one character');
      separator = ',';
    }
    const index = node.index;
    if (index !== undefined && !Number.isInteger(index)) {
      context.sink.add('bad_expression', [...path, 'index'], 'index must be a whole number');
    }
    const parts = (row: Row): string[] | null => {
      const text = toText(inner(row));
      return text === null ? null : text.split(separator).map((part) => part.trim());
    };
    if (typeof index !== 'number') return { type: 'json', evaluate: parts };
    return {
      type: 'string',
      evaluate: (row) => {
        const list = parts(row);
        return list === null ? null : (list.at(index) ?? null);
      },
    };
  },
};

/** `{join: [Address1, Address2], separator: ', '}`: joins the values that are not null or blank. */
export const join: Operator = {
  options: ['separator'],
  description: 'joins values (a list of expressions, or one expression giving a list), skipping blanks',
  compile(node, path, context, sub) {
    const separator = stringOption(node, 'separator', path, context) ?? ' ';
    const items: CompiledExpression[] = Array.isArray(node.join)
      ? node.join.map((raw, i) => sub(raw, [...path, 'join', i]))
      : [sub(node.join, [...path, 'join'])];
    const fns = items.map((item) => item.evaluate);
    return {
      type: 'string',
      evaluate: (row) => {
        const texts: string[] = [];
        for (const fn of fns) {
          const value = fn(row);
          for (const item of Array.isArray(value) ? value : [value]) {
            const text = toText(item);
            if (text !== null && text.trim() !== '') texts.push(text);
          }
        }
        return texts.length === 0 ? null : texts.join(separator);
      },
    };
  },
};

/** `{replace: Phone, pattern: '[^0-9+]', with: ''}`: replaces every match of a regular expression. */
export const replace: Operator = {
  options: ['pattern', 'with'],
  required: ['pattern'],
  description: 'replaces every match of the regular expression `pattern` by `with`',
  compile(node, path, context, sub) {
    const inner = sub(node.replace, [...path, 'replace']).evaluate;
    const pattern = stringOption(node, 'pattern', path, context) ?? '';
    const replacement = stringOption(node, 'with', path, context) ?? '';
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, 'gu');
    } catch (error) {
      context.sink.add(
        'bad_expression',
        [...path, 'pattern'],
        `bad regular expression: ${(error as Error).message}`,
      );
      regex = /$^/g;
    }
    return {
      type: 'string',
      evaluate: (row) => {
        const text = toText(inner(row));
        return text === null ? null : text.replace(regex, replacement);
      },
    };
  },
};
