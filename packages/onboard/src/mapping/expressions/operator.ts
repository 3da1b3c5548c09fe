import { isTimeZone } from '../../time/time-zone.ts';
import type { MappingPath } from '../mapping-problem.ts';
import type { CompiledExpression, ExpressionContext } from './compiled-expression.ts';

/** Compiles a nested expression (handed to operators, so they need not import the dispatcher). */
export type SubCompiler = (raw: unknown, path: MappingPath) => CompiledExpression;

/** One expression operator: `{ trim: Name }`, `{ decimal: Total, decimalSeparator: ',' }`. */
export interface Operator {
  /** Option keys allowed next to the operator key. */
  readonly options: readonly string[];
  /** Options that must be present. */
  readonly required?: readonly string[];
  /** One line for docs and editor hints. */
  readonly description: string;
  compile(
    node: Readonly<Record<string, unknown>>,
    path: MappingPath,
    context: ExpressionContext,
    sub: SubCompiler,
  ): CompiledExpression;
}

/** Reads a string option; reports and returns undefined when it is not a string. */
export function stringOption(
  node: Readonly<Record<string, unknown>>,
  key: string,
  path: MappingPath,
  context: ExpressionContext,
): string | undefined {
  const value = node[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  context.sink.add('bad_expression', [...path, key], `"${key}" must be text`);
  return undefined;
}

/** The `timezone` option of a date operator: its own, else the source's, else UTC; reports an unknown zone. */
export function zoneOption(
  node: Readonly<Record<string, unknown>>,
  path: MappingPath,
  context: ExpressionContext,
): string {
  const zone = stringOption(node, 'timezone', path, context) ?? context.timeZone ?? 'UTC';
  if (isTimeZone(zone)) return zone;
  context.sink.add(
    'bad_expression',
    [...path, 'timezone'],
    `unknown time zone "${zone}" (use an IANA name like Europe/Berlin)`,
  );
  return 'UTC';
}

/** Reads a list argument; reports when it is not a list. */
export function listArgument(
  value: unknown,
  path: MappingPath,
  context: ExpressionContext,
  what: string,
): unknown[] {
  if (Array.isArray(value)) return value;
  context.sink.add('bad_expression', path, `${what} must be a list`);
  return [];
}
