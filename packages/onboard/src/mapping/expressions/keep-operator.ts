import { BROKEN } from './compiled-expression.ts';
import type { Operator } from './operator.ts';

/**
 * `{keep: [Composer, Bytes]}`: the named source columns as a JSON object keyed by their names as
 * written (`{"Composer": "AC/DC", "Bytes": 123}`), for a free-form `json` field, so columns no
 * other field uses are kept instead of dropped. Null values are left out; with none left, null.
 */
export const keep: Operator = {
  options: [],
  description: 'the named columns as a JSON object keyed by column name (for free-form attributes)',
  compile(node, path, context) {
    const names = node.keep;
    // Any string: a column named "" is a column too (an unknown name is the resolver's problem).
    if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string')) {
      context.sink.add('bad_expression', [...path, 'keep'], 'keep must be a list of column names');
      return BROKEN;
    }
    const columns = (names as string[]).map(
      (name, i) => [name, context.column(name, [...path, 'keep', i]).evaluate] as const,
    );
    return {
      type: 'json',
      evaluate: (row) => {
        const out: Record<string, unknown> = {};
        for (const [name, read] of columns) {
          const value = read(row);
          if (value !== null && value !== undefined) out[name] = value;
        }
        return Object.keys(out).length > 0 ? out : null;
      },
    };
  },
};
