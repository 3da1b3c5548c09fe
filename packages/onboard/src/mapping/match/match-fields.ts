import type { EntitySchema, FieldSchema } from '@madeup/contract';
import type { ColumnInfo, StreamInfo } from '../../connectors/connector.ts';
import type { Expression } from '../mapping-document.ts';
import { fieldExpression, typeFit } from './field-fit.ts';
import { tokenSimilarity } from './name-similarity.ts';
import { nameTokens } from './name-tokens.ts';
import { isPositionColumn } from './position-column.ts';

/** A field of an entity, or a member of one of its object fields (`['address', 'city']`). */
export interface FlatField {
  readonly path: readonly string[];
  readonly field: FieldSchema;
  /** The object field around a member, if any. */
  readonly parent?: FieldSchema;
}

export interface FieldMatch {
  readonly path: readonly string[];
  readonly column: string;
  readonly score: number;
  readonly expression: Expression;
}

/** Names score at least this to match a field (a required field: `REQUIRED_MIN`). */
export const FIELD_MIN = 0.5;
export const REQUIRED_MIN = 0.4;

/** The fields and object members of an entity, in schema order. */
export function flatFields(entity: EntitySchema): FlatField[] {
  return entity.fields.flatMap((field): FlatField[] =>
    field.type === 'object' && field.fields
      ? field.fields.map((member) => ({ path: [field.name, member.name], field: member, parent: field }))
      : [{ path: [field.name], field }],
  );
}

/** Name similarity of a (flat) field and a column: a member also by its own name, a little less. */
export function fieldNameScore(flat: FlatField, column: string): number {
  // A joined column (`city.name`) is read with its alias: `city`, `name`.
  let words = nameTokens(column.replaceAll('.', '_'));
  // `iso` and `code` say a column holds the code a country or currency field wants.
  if (flat.field.type === 'country' || flat.field.type === 'currency') {
    const rest = words.filter((word) => word !== 'iso' && word !== 'code');
    if (rest.length > 0) words = rest;
  }
  const own = tokenSimilarity(nameTokens(flat.field.name), words);
  if (!flat.parent) return own;
  const whole = tokenSimilarity([...nameTokens(flat.parent.name), ...nameTokens(flat.field.name)], words);
  return Math.max(whole, own * 0.95);
}

/**
 * Matches an entity's fields to a stream's columns: each pair scored by name similarity (85%) and
 * type fit (15%), pairs below the name threshold or of types that never convert left out, then the
 * best pairs taken first, each field and column once. Columns in `reserved` (keys, references)
 * are not offered. `json` fields only take `json` columns here (see `draftMapping` for the rest).
 */
export function matchFields(
  entity: EntitySchema,
  stream: StreamInfo,
  reserved: ReadonlySet<string>,
): FieldMatch[] {
  const columns = stream.columns.filter(
    (c) => !reserved.has(c.name) && c.unsupported === undefined && !isPositionColumn(c),
  );
  const pairs: { flat: FlatField; column: ColumnInfo; score: number; name: number }[] = [];
  for (const flat of flatFields(entity)) {
    for (const column of columns) {
      if (flat.field.type === 'json' && column.type !== 'json') continue;
      const fit = typeFit(flat.field, column);
      if (fit === 0) continue;
      const name = fieldNameScore(flat, column.name);
      const required = flat.field.required && (!flat.parent || flat.parent.required);
      if (name < (required ? REQUIRED_MIN : FIELD_MIN)) continue;
      pairs.push({ flat, column, name, score: name * 0.85 + fit * 0.15 });
    }
  }
  pairs.sort((a, b) => b.score - a.score);
  const usedFields = new Set<string>();
  const usedColumns = new Set<string>();
  const matches: FieldMatch[] = [];
  for (const pair of pairs) {
    const key = pair.flat.path.join('.');
    if (usedFields.has(key) || usedColumns.has(pair.column.name)) continue;
    const expression = fieldExpression(pair.flat.field, pair.column);
    if (expression === undefined) continue;
    usedFields.add(key);
    usedColumns.add(pair.column.name);
    matches.push({ path: pair.flat.path, column: pair.column.name, score: pair.score, expression });
  }
  const order = flatFields(entity).map((flat) => flat.path.join('.'));
  return matches.sort((a, b) => order.indexOf(a.path.join('.')) - order.indexOf(b.path.join('.')));
}
