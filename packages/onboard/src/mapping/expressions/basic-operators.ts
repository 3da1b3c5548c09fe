import { ValueError } from '../value-error.ts';
import { BROKEN, commonType, constant } from './compiled-expression.ts';
import { listArgument, type Operator } from './operator.ts';
import { compileTemplate } from './template.ts';
import { isBlank } from './text-value.ts';

/** `{column: Name}`: a source column, with its discovered type. */
export const column: Operator = {
  options: [],
  description: 'the value of a source column',
  compile(node, path, context) {
    const name = node.column;
    if (typeof name !== 'string' || name === '') {
      context.sink.add('bad_expression', [...path, 'column'], 'column must be a column name');
      return BROKEN;
    }
    return context.column(name, [...path, 'column']);
  },
};

/** `{const: USD}`: a constant of any JSON type. */
export const constOperator: Operator = {
  options: [],
  description: 'a constant value',
  compile: (node) => constant(node.const),
};

/** `{template: "{FirstName} {LastName}"}`: text with columns in braces; null columns render empty. */
export const template: Operator = {
  options: [],
  description: 'text with {Column} placeholders',
  compile(node, path, context) {
    if (typeof node.template !== 'string') {
      context.sink.add('bad_expression', [...path, 'template'], 'template must be text');
      return BROKEN;
    }
    return compileTemplate(node.template, [...path, 'template'], context, false);
  },
};

/** `{coalesce: [Mobile, Phone]}`: the first value that is neither null nor blank text. */
export const coalesce: Operator = {
  options: [],
  description: 'the first value that is not null or blank',
  compile(node, path, context, sub) {
    const items = listArgument(node.coalesce, [...path, 'coalesce'], context, 'coalesce').map((raw, i) =>
      sub(raw, [...path, 'coalesce', i]),
    );
    const fns = items.map((item) => item.evaluate);
    return {
      type: commonType(items.map((item) => item.type)),
      evaluate: (row) => {
        for (const fn of fns) {
          const value = fn(row);
          if (!isBlank(value)) return value;
        }
        return null;
      },
    };
  },
};

/** `{nullIf: Phone, values: ['', 'n/a']}`: null when the value is one of `values`. */
export const nullIf: Operator = {
  options: ['values'],
  required: ['values'],
  description: 'null when the value is one of `values`',
  compile(node, path, context, sub) {
    const inner = sub(node.nullIf, [...path, 'nullIf']);
    const values = new Set(listArgument(node.values, [...path, 'values'], context, 'values'));
    return {
      type: inner.type,
      evaluate: (row) => {
        const value = inner.evaluate(row);
        return values.has(value) ? null : value;
      },
    };
  },
};

/** `{object: {composer: Composer, ms: Milliseconds}}`: a JSON object built from expressions. */
export const object: Operator = {
  options: [],
  description: 'a JSON object whose members are expressions',
  compile(node, path, context, sub) {
    const members = node.object;
    if (members === null || typeof members !== 'object' || Array.isArray(members)) {
      context.sink.add('bad_expression', [...path, 'object'], 'object must map member names to expressions');
      return BROKEN;
    }
    const entries = Object.entries(members).map(
      ([key, raw]) => [key, sub(raw, [...path, 'object', key]).evaluate] as const,
    );
    return {
      type: 'json',
      evaluate: (row) => {
        const out: Record<string, unknown> = {};
        for (const [key, fn] of entries) out[key] = fn(row) ?? null;
        return out;
      },
    };
  },
};

/** `{hook: fullName, args: [FirstName, LastName]}`: a pure function from the hooks module. */
export const hook: Operator = {
  options: ['args'],
  description: 'calls a function exported by the hooks module',
  compile(node, path, context, sub) {
    const name = node.hook;
    if (typeof name !== 'string') {
      context.sink.add('bad_expression', [...path, 'hook'], 'hook must be a function name');
      return BROKEN;
    }
    const fn = context.hook(name, [...path, 'hook']);
    const raw = node.args === undefined ? [] : listArgument(node.args, [...path, 'args'], context, 'args');
    const args = raw.map((arg, i) => sub(arg, [...path, 'args', i]).evaluate);
    if (!fn) return BROKEN;
    return {
      type: 'any',
      evaluate: (row) => {
        const values = args.map((arg) => arg(row));
        try {
          return fn(...values);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          throw new ValueError('hook_failed', `hook "${name}" failed: ${message}`);
        }
      },
    };
  },
};
