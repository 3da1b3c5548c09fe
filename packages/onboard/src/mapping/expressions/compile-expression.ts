import type { MappingPath } from '../mapping-problem.ts';
import { BROKEN, type CompiledExpression, constant, type ExpressionContext } from './compiled-expression.ts';
import { OPERATORS } from './operators.ts';
import { compileTemplate, isTemplate } from './template.ts';

/**
 * Compiles one expression into a plain function of the row, reporting every problem to the
 * context's sink. Shorthands: `Name` is a column, `"{First} {Last}"` a template, and numbers,
 * booleans and null are constants.
 */
export function compileExpression(
  raw: unknown,
  path: MappingPath,
  context: ExpressionContext,
): CompiledExpression {
  const sub = (inner: unknown, at: MappingPath) => compileExpression(inner, at, context);
  if (typeof raw === 'string') {
    return isTemplate(raw) ? compileTemplate(raw, path, context, false) : context.column(raw, path);
  }
  if (raw === null || typeof raw === 'number' || typeof raw === 'boolean') return constant(raw);
  if (raw === undefined || typeof raw !== 'object' || Array.isArray(raw)) {
    context.sink.add(
      'bad_expression',
      path,
      'expected an expression: a column name, a template, a constant or {operator: …}',
    );
    return BROKEN;
  }
  const node = raw as Readonly<Record<string, unknown>>;
  const keys = Object.keys(node);
  const found = keys.filter((key) => Object.hasOwn(OPERATORS, key));
  if (found.length !== 1) {
    const message =
      found.length === 0
        ? `unknown expression {${keys.join(', ')}}; operators: ${Object.keys(OPERATORS).join(', ')}`
        : `an expression has one operator, found ${found.join(' and ')}`;
    context.sink.add('bad_expression', path, message);
    return BROKEN;
  }
  const name = found[0]!;
  const operator = OPERATORS[name]!;
  for (const key of keys) {
    if (key !== name && !operator.options.includes(key)) {
      const allowed = operator.options.length ? `: ${operator.options.join(', ')}` : ' none';
      context.sink.add(
        'bad_expression',
        [...path, key],
        `unknown option "${key}" of ${name}; options${allowed}`,
        true,
      );
    }
  }
  for (const key of operator.required ?? []) {
    if (!(key in node)) context.sink.add('bad_expression', path, `${name} needs the option "${key}"`);
  }
  return operator.compile(node, path, context, sub);
}
