import type { MappingPath } from '../mapping-problem.ts';
import type { CompiledExpression, ExpressionContext, ExprType } from './compiled-expression.ts';

/** Operand types arithmetic accepts: numbers for numbers, dates and instants (or text) for dates. */
const NUMERIC: ReadonlySet<ExprType> = new Set(['integer', 'bigint', 'decimal', 'float', 'string', 'any']);
const CALENDAR: ReadonlySet<ExprType> = new Set(['date', 'timestamp', 'string', 'any']);

/**
 * Reports, before any row is read, an operand whose known type can never work (a boolean added to
 * a number, a date multiplied): the mapping is wrong, not the data.
 */
export function expectOperand(
  operand: CompiledExpression,
  kind: 'number' | 'date',
  operator: string,
  path: MappingPath,
  context: ExpressionContext,
): void {
  const allowed = kind === 'number' ? NUMERIC : CALENDAR;
  if (allowed.has(operand.type)) return;
  const wanted = kind === 'number' ? 'a number' : 'a date or timestamp';
  context.sink.add('bad_expression', path, `${operator} needs ${wanted}, this is ${operand.type}`);
}
