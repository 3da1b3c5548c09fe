import type { EntitySchema, FieldSchema, SchemaDocument } from '@madeup/contract';
import type { StreamInfo } from '../../connectors/connector.ts';
import type { Row } from '../../connectors/value.ts';
import { placeholderFor } from '../expressions/template.ts';
import type { Expression } from '../mapping-document.ts';
import { chooseStreams, keyColumns, type StreamChoice } from '../match/choose-streams.ts';
import { sourceLinks } from '../match/foreign-keys.ts';
import { identityColumns } from '../match/identity-columns.ts';
import { flatFields, matchFields } from '../match/match-fields.ts';
import { matchReferences } from '../match/match-references.ts';
import { joinedColumns, lookupJoins } from '../match/plan-joins.ts';
import { isPositionColumn } from '../match/position-column.ts';
import { joinsUsed, referencesThroughJoins, sampleOf } from './draft-joins.ts';
import { valueConversion } from './value-conversions.ts';

/** A comment the written draft puts before (or after) the node at `path`. */
export interface DraftNote {
  readonly path: readonly string[];
  readonly text: string;
  readonly where: 'before' | 'after';
}

/** What `draftMapping` decided per entity, for the command's log. */
export interface DraftedEntity {
  readonly entity: string;
  readonly stream: string;
  readonly by: StreamChoice['by'];
  readonly fields: number;
  readonly references: number;
  /** Required fields and references it could not fill. */
  readonly missing: readonly string[];
}

export interface MappingDraft {
  /** The mapping document (plain data; `writeDraft` renders it with the notes). */
  readonly document: Record<string, unknown>;
  readonly notes: readonly DraftNote[];
  /** Where the document holds expressions (written on one line). */
  readonly expressions: readonly (readonly string[])[];
  readonly entities: readonly DraftedEntity[];
  /** Entities of core's model no stream was found for. */
  readonly left: readonly string[];
}

/**
 * A first mapping from the source's discovery and core's schema: per entity the best stream
 * (`chooseStreams`), its fields (`matchFields`, with the conversion each pair needs), its
 * references (`matchReferences`, from foreign keys), the external id from the primary key, the
 * cursor from the first updated-at-like column, conversions learnt from sample values (vendor
 * codes to enum values, country names to codes, date formats: `valueConversion`), and a free-form `json` field left empty keeps the
 * columns nothing else uses (`keep`). Every required field or reference it could not fill gets a
 * note; `onboard check` lists the same ones as `missing_required_field`.
 */
export function draftMapping(
  schema: SchemaDocument,
  discovered: readonly StreamInfo[],
  options: {
    readonly source: string;
    /** Sample rows per stream (`sampleRows`): value conversions are learnt from them. */
    readonly samples?: ReadonlyMap<string, readonly Row[]>;
  },
): MappingDraft {
  // Streams without a usable key (files: only their position) are keyed by the column that
  // looks like their id, for the draft's ids and for the links that point at them.
  const guessed = new Set<string>();
  // A table named "" cannot be named by a mapping's `stream`: it is left out.
  const keyed = discovered
    .filter((stream) => stream.name !== '')
    .map((stream) => {
      const identity = identityColumns(stream);
      if (!identity.guessed) return stream;
      guessed.add(stream.name);
      return { ...stream, primaryKey: identity.columns };
    });
  // A join's `on` cannot name a column "": no link over one.
  const links = sourceLinks(keyed).filter((link) => !link.columns.includes(''));
  const choices = chooseStreams(schema, keyed, links);
  const streamOf = (entity: string) => choices.find((c) => c.entity === entity)?.stream;
  const entityStreams = new Set(choices.map((c) => c.stream.name));
  const notes: DraftNote[] = [];
  const expressions: string[][] = [];
  const lookups: Record<string, Record<string, string>> = {};
  const entities: Record<string, unknown> = {};
  const drafted: DraftedEntity[] = [];
  for (const choice of choices) {
    const entity = schema.entities.find((e) => e.name === choice.entity)!;
    const stream = choice.stream;
    const at = ['entities', entity.name];
    const joins = lookupJoins(stream, links, keyed, entityStreams);
    const references = [...matchReferences(entity, stream, links, streamOf)];
    references.push(...referencesThroughJoins(entity, stream, references, links, keyed, streamOf, joins));
    const referenceColumns = new Set(references.flatMap((r) => r.columns));
    const cursor = stream.cursorCandidates[0];
    const reserved = new Set([
      ...keyColumns(stream, links),
      ...referenceColumns,
      ...(cursor ? [cursor] : []),
    ]);
    const widened = { ...stream, columns: [...stream.columns, ...joinedColumns(joins, links)] };
    const matches = matchFields(entity, widened, reserved);
    const fields: Record<string, unknown> = {};
    for (const found of matches) {
      const flat = flatFields(entity).find((f) => f.path.join('.') === found.path.join('.'))!;
      const text = widened.columns.find((c) => c.name === found.column)?.type === 'string';
      const learnt = text
        ? valueConversion(flat.field, found.column, sampleOf(found.column, stream, joins, options.samples))
        : undefined;
      const match = learnt
        ? { ...found, expression: namedLookup(learnt.expression, flat.field.name, lookups) }
        : found;
      const [name, member] = match.path as [string, string?];
      expressions.push([...at, 'fields', ...match.path]);
      if (member === undefined) fields[name] = match.expression;
      else
        fields[name] = {
          ...(fields[name] as Record<string, Expression> | undefined),
          [member]: match.expression,
        };
      // Without samples, say what values core takes; with them, what they could not place.
      const hint = learnt
        ? learnt.note
        : sampleOf(match.column, stream, joins, options.samples).length === 0
          ? valueHint(flat.field, widened, match.column)
          : undefined;
      if (hint) notes.push({ path: [...at, 'fields', ...match.path], text: hint, where: 'after' });
    }
    const usedJoins = joinsUsed(joins, [...matches.map((m) => m.column), ...referenceColumns]);
    // Link columns no reference takes (Chinook's `Track.AlbumId`) are data to keep, not keys.
    const used = new Set([
      ...usedJoins.flatMap((join) => join.on),
      ...stream.primaryKey,
      ...referenceColumns,
      ...(cursor ? [cursor] : []),
      ...matches.map((m) => m.column),
    ]);
    const keep = stream.columns.filter(
      (c) => !used.has(c.name) && c.unsupported === undefined && !isPositionColumn(c),
    );
    const free = entity.fields.find((f) => f.type === 'json' && !(f.name in fields));
    if (free && keep.length > 0) {
      fields[free.name] = { keep: keep.map((c) => c.name) };
      expressions.push([...at, 'fields', free.name]);
      notes.push({
        path: [...at, 'fields', free.name],
        text: 'the columns no other field uses',
        where: 'after',
      });
    }
    const missing: string[] = [];
    for (const flat of flatFields(entity)) {
      const required = flat.field.required && (!flat.parent || flat.parent.required);
      if (
        required &&
        !(
          flat.path[0]! in fields &&
          (flat.path.length === 1 || flat.path[1]! in (fields[flat.path[0]!] as object))
        )
      )
        missing.push(flat.path.join('.'));
    }
    const refs: Record<string, string> = {};
    for (const reference of references) refs[reference.name] = template(reference.columns);
    for (const reference of entity.references) {
      if (!reference.required || reference.name in refs) continue;
      missing.push(`refs.${reference.name}`);
    }
    const id = template(stream.primaryKey);
    const mapping: Record<string, unknown> = { stream: stream.name };
    if (usedJoins.length > 0) {
      mapping.joins = Object.fromEntries(
        usedJoins.map((join) => {
          // A stream keyed by a guessed column has no key of its own: the join names it.
          const key = join.key ?? (guessed.has(join.stream.name) ? join.stream.primaryKey : undefined);
          return [
            join.alias,
            {
              stream: join.stream.name,
              on: join.on.length === 1 ? join.on[0] : join.on,
              ...(key ? { key: key.length === 1 ? key[0] : key } : {}),
            },
          ];
        }),
      );
      for (const join of usedJoins) expressions.push([...at, 'joins', join.alias]);
    }
    mapping.id = id;
    if (cursor) mapping.cursor = cursor;
    mapping.fields = fields;
    if (Object.keys(refs).length > 0) mapping.refs = refs;
    entities[entity.name] = mapping;
    notes.push({
      path: at,
      text: `from ${stream.kind} ${stream.name}${stream.estimatedRows !== undefined ? ` (~${stream.estimatedRows} rows)` : ''}, chosen by ${choice.by === 'name' ? 'its name' : 'its columns'}`,
      where: 'before',
    });
    if (guessed.has(stream.name))
      notes.push({
        path: [...at, 'id'],
        text: `${stream.name} has no primary key: make sure this column identifies a row`,
        where: 'after',
      });
    for (const what of missing)
      notes.push({
        path: [...at, 'fields'],
        text: `TODO required ${describeMissing(entity, what, streamOf)}`,
        where: 'before',
      });
    const leftOut = stream.columns.filter(
      (c) => !used.has(c.name) && !(free && keep.includes(c)) && !isPositionColumn(c),
    );
    if (leftOut.length > 0)
      notes.push({
        path: [...at, 'fields'],
        text: `unused columns: ${leftOut.map((c) => c.name).join(', ')}`,
        where: 'before',
      });
    drafted.push({
      entity: entity.name,
      stream: stream.name,
      by: choice.by,
      fields: matches.length,
      references: references.length,
      missing,
    });
  }
  const left = schema.entities.map((e) => e.name).filter((name) => !(name in entities));
  if (left.length > 0)
    notes.push({
      path: ['entities'],
      text: `no source stream found for: ${left.join(', ')} (add them by hand, e.g. with a custom query)`,
      where: 'before',
    });
  const document = {
    version: 1,
    source: options.source,
    ...(Object.keys(lookups).length > 0 ? { lookups } : {}),
    entities,
  };
  return {
    document,
    notes,
    expressions,
    entities: drafted,
    left,
  };
}

/**
 * A `lookup` with more than four values goes to the top-level `lookups` under the field's name
 * (`country`; `country2` when a map of that name disagrees), like a hand-written mapping; a short
 * one stays inline.
 */
function namedLookup(
  expression: Expression,
  field: string,
  lookups: Record<string, Record<string, string>>,
): Expression {
  if (expression === null || typeof expression !== 'object' || !('values' in expression)) return expression;
  const values = expression.values as Record<string, string>;
  if (Object.keys(values).length <= 4) return expression;
  // The same field's map again (Chinook's customer and billing countries): merged when no value
  // disagrees, else a map of its own.
  const agrees = (map: Record<string, string>) =>
    Object.entries(values).every(([key, value]) => map[key] === undefined || map[key] === value);
  let name = field;
  for (let n = 2; name in lookups && !agrees(lookups[name]!); n++) name = `${field}${n}`;
  lookups[name] = { ...lookups[name], ...values };
  const { values: _, ...rest } = expression;
  return { ...rest, table: name };
}

/** The id or reference template of key columns: `{a}/{b}`, a name that needs it quoted (`{" id"}`). */
const template = (columns: readonly string[]) => columns.map(placeholderFor).join('/');

function describeMissing(
  entity: EntitySchema,
  what: string,
  streamOf: (e: string) => StreamInfo | undefined,
): string {
  if (what.startsWith('refs.')) {
    const reference = entity.references.find((r) => `refs.${r.name}` === what)!;
    const why = streamOf(reference.target)
      ? 'no column of this stream links to it'
      : `${reference.target} has no stream in this draft`;
    return `reference "${reference.name}" (-> ${reference.target}): ${why}`;
  }
  const flat = flatFields(entity).find((f) => f.path.join('.') === what)!;
  return `field "${what}" (${flat.field.type}): no column matched`;
}

/** What a matched column's values must look like, when the field wants codes the source may not hold. */
function valueHint(field: FieldSchema, stream: StreamInfo, column: string): string | undefined {
  const type = stream.columns.find((c) => c.name === column)?.type;
  if (type !== 'string' && field.type !== 'enum') return undefined;
  if (field.type === 'enum') return `values: ${field.enum?.join(', ')}; map other codes with a lookup`;
  if (field.type === 'country') return 'ISO 3166-1 alpha-2 codes; map names with a lookup';
  if (field.type === 'currency') return 'ISO 4217 codes';
  return undefined;
}
