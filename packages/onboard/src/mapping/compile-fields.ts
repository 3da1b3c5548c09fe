import type { FieldSchema } from '@madeup/contract';
import type { Row } from '../connectors/value.ts';
import { compileExpression } from './expressions/compile-expression.ts';
import type { ExpressionContext } from './expressions/compiled-expression.ts';
import { OPERATORS } from './expressions/operators.ts';
import { canConvert, fieldConverter } from './field-conversion.ts';
import type { MappingPath } from './mapping-problem.ts';
import { closestNames } from './match/name-similarity.ts';
import type { Rejection } from './rejection-codes.ts';
import { ValueError } from './value-error.ts';

/** Computes one field of a row into `out`, or pushes a `Rejection` naming it. */
export type FieldWriter = (row: Row, out: Record<string, unknown>, errors: Rejection[]) => void;

const isMap = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Compiles a `fields` map (or an object field's members) against the schema's fields: reports
 * unknown and missing required fields and types that can never convert, and returns writers.
 * `wire` is the error path prefix (`fields`, `fields.address`).
 */
export function compileFields(
  raw: unknown,
  path: MappingPath,
  schemaFields: readonly FieldSchema[],
  context: ExpressionContext,
  wire: string,
  owner: string,
): FieldWriter[] {
  if (raw !== undefined && !isMap(raw)) {
    context.sink.add('invalid_mapping', path, 'fields must map field names to expressions');
    return [];
  }
  const mapped = raw ?? {};
  const writers: FieldWriter[] = [];
  for (const [name, value] of Object.entries(mapped)) {
    const field = schemaFields.find((candidate) => candidate.name === name);
    if (!field) {
      const near = closestNames(
        name,
        schemaFields.map((f) => f.name),
        0.6,
      )[0];
      const hint = near ? `did you mean "${near}"?` : `fields: ${schemaFields.map((f) => f.name).join(', ')}`;
      context.sink.add(
        'unknown_field',
        [...path, name],
        `unknown field "${name}" of ${owner}; ${hint}`,
        true,
      );
      continue;
    }
    writers.push(compileField(field, value, [...path, name], context, `${wire}.${name}`, owner));
  }
  for (const field of schemaFields) {
    if (field.required && !(field.name in mapped)) {
      context.sink.add(
        'missing_required_field',
        path,
        `required field "${field.name}" of ${owner} is not mapped`,
      );
    }
  }
  return writers;
}

function compileField(
  field: FieldSchema,
  raw: unknown,
  path: MappingPath,
  context: ExpressionContext,
  wire: string,
  owner: string,
): FieldWriter {
  const name = field.name;
  if (field.type === 'object' && field.fields && isMap(raw) && !isOperatorNode(raw, field.fields)) {
    const members = compileFields(raw, path, field.fields, context, wire, `${owner}.${name}`);
    return (row, out, errors) => {
      const value: Record<string, unknown> = {};
      for (const member of members) member(row, value, errors);
      const empty = Object.values(value).every((member) => member === null || member === undefined);
      if (!empty) out[name] = value;
      else if (field.required)
        errors.push({
          field: wire,
          code: 'required',
          message: `${name} is required but every member is empty`,
        });
      else out[name] = null;
    };
  }
  const expression = compileExpression(raw, path, context);
  if (!canConvert(expression.type, field.type)) {
    context.sink.add(
      'type_mismatch',
      path,
      `a value of type ${expression.type} cannot convert to ${field.type} field "${name}" of ${owner}`,
    );
  }
  if (expression.outcomes) checkOutcomes(field, expression.outcomes, path, context);
  const evaluate = expression.evaluate;
  const convert = fieldConverter(field, context.timeZone ?? 'UTC');
  return (row, out, errors) => {
    try {
      out[name] = convert(evaluate(row));
    } catch (error) {
      if (error instanceof ValueError) errors.push({ field: wire, code: error.code, message: error.message });
      else
        errors.push({
          field: wire,
          code: 'transform_failed',
          message: String((error as Error)?.message ?? error),
        });
    }
  };
}

/** An object field given as one expression (`{hook: address, args: […]}`) rather than as members. */
function isOperatorNode(raw: Record<string, unknown>, members: readonly FieldSchema[]): boolean {
  return Object.keys(raw).some(
    (key) => Object.hasOwn(OPERATORS, key) && !members.some((member) => member.name === key),
  );
}

/**
 * Constant outcomes (a `lookup` table, `when` branches, a constant) must fit the field: values of
 * an enum, and no longer than a string's `maxLength`.
 */
function checkOutcomes(
  field: FieldSchema,
  outcomes: readonly unknown[],
  path: MappingPath,
  context: ExpressionContext,
) {
  const given = outcomes.filter((value) => value !== null && value !== undefined);
  const show = (values: unknown[]) => [...new Set(values)].map((value) => JSON.stringify(value)).join(', ');
  if (field.type === 'enum') {
    const allowed = new Set((field.enum ?? []).map((value) => value.toLowerCase()));
    const wrong = given.filter((value) => !allowed.has(String(value).toLowerCase()));
    if (wrong.length > 0) {
      const values = (field.enum ?? []).join(', ');
      const verb = new Set(wrong).size === 1 ? 'is' : 'are';
      context.sink.add(
        'type_mismatch',
        path,
        `${show(wrong)} ${verb} not among the values of enum field "${field.name}": ${values}`,
      );
    }
  }
  const max = field.maxLength;
  if ((field.type === 'string' || field.type === 'email') && max !== undefined) {
    const long = given.filter((value) => typeof value === 'string' && value.length > max);
    if (long.length > 0) {
      context.sink.add(
        'type_mismatch',
        path,
        `${show(long)} longer than the ${max} characters of field "${field.name}"`,
      );
    }
  }
}
