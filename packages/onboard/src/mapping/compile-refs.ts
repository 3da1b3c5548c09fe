import { type EntitySchema, MAX_EXTERNAL_ID_LENGTH } from '@madeup/contract';
import type { Row } from '../connectors/value.ts';
import type { MappedReference } from './compiled-entity.ts';
import type { ExpressionContext } from './expressions/compiled-expression.ts';
import { compileTemplate, parseTemplate } from './expressions/template.ts';
import type { MappingPath } from './mapping-problem.ts';
import type { Rejection } from './rejection-codes.ts';
import { ValueError } from './value-error.ts';

/** Compiles an external-id template (`"{CustomerId}"`, `"{Country}/{City}"`): null when any part is blank. */
function compileIdTemplate(raw: unknown, path: MappingPath, context: ExpressionContext, what: string) {
  const parsed = typeof raw === 'string' ? parseTemplate(raw) : undefined;
  if (
    typeof raw !== 'string' ||
    !parsed ||
    ('parts' in parsed && !parsed.parts.some((part) => typeof part !== 'string'))
  ) {
    context.sink.add(
      'bad_expression',
      path,
      `${what} must be a template with at least one {Column}, like "{CustomerId}"`,
    );
    return () => null;
  }
  const evaluate = compileTemplate(raw, path, context, true).evaluate;
  return (row: Row): string | null => {
    const value = evaluate(row) as string | null;
    if (value !== null && value.length > MAX_EXTERNAL_ID_LENGTH)
      throw new ValueError('too_long', `external id longer than ${MAX_EXTERNAL_ID_LENGTH} characters`);
    return value;
  };
}

/** The `id:` of an entity: a function giving the external id, or null after pushing an error. */
export function compileExternalId(raw: unknown, path: MappingPath, context: ExpressionContext) {
  const evaluate = compileIdTemplate(raw, path, context, 'id');
  return (row: Row, errors: Rejection[]): string | null => {
    try {
      const id = evaluate(row);
      if (id === null || id === '')
        errors.push({
          field: 'externalId',
          code: 'required',
          message: 'the external id is empty (a column in its template is null or blank)',
        });
      return id || null;
    } catch (error) {
      errors.push({
        field: 'externalId',
        code: error instanceof ValueError ? error.code : 'transform_failed',
        message: (error as Error).message,
      });
      return null;
    }
  };
}

/** The `refs:` of an entity: templates of parent external ids, checked against the schema's references. */
export function compileRefs(
  raw: unknown,
  path: MappingPath,
  entity: EntitySchema,
  context: ExpressionContext,
) {
  const references: MappedReference[] = [];
  if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) {
    context.sink.add('invalid_mapping', path, 'refs must map reference names to external-id templates');
    return { references };
  }
  const mapped = (raw ?? {}) as Record<string, unknown>;
  const writers: { name: string; required: boolean; evaluate: (row: Row) => string | null }[] = [];
  for (const [name, template] of Object.entries(mapped)) {
    const reference = entity.references.find((candidate) => candidate.name === name);
    if (!reference) {
      const known = entity.references.map((ref) => `${ref.name} -> ${ref.target}`).join(', ') || '(none)';
      context.sink.add(
        'unknown_reference',
        [...path, name],
        `unknown reference "${name}" of ${entity.name}; references: ${known}`,
        true,
      );
      continue;
    }
    references.push({ name, target: reference.target, required: reference.required });
    writers.push({
      name,
      required: reference.required,
      evaluate: compileIdTemplate(template, [...path, name], context, `reference ${name}`),
    });
  }
  for (const reference of entity.references) {
    if (reference.required && !(reference.name in mapped)) {
      context.sink.add(
        'missing_required_field',
        path,
        `required reference "${reference.name}" (-> ${reference.target}) of ${entity.name} is not mapped`,
      );
    }
  }
  if (writers.length === 0) return { references };
  const write = (row: Row, errors: Rejection[]): Record<string, string | null> => {
    const refs: Record<string, string | null> = {};
    for (const { name, required, evaluate } of writers) {
      try {
        const value = evaluate(row);
        if (value === null && required)
          errors.push({
            field: `refs.${name}`,
            code: 'required',
            message: `reference ${name} is required but its template gave no id`,
          });
        refs[name] = value;
      } catch (error) {
        errors.push({
          field: `refs.${name}`,
          code: error instanceof ValueError ? error.code : 'transform_failed',
          message: (error as Error).message,
        });
      }
    }
    return refs;
  };
  return { references, write };
}
