import { isSourceName, type SchemaDocument } from '@madeup/contract';
import type { StreamInfo } from '../connectors/connector.ts';
import { compileEntity } from './compile-entity.ts';
import type { CompiledEntity, CompiledMapping } from './compiled-entity.ts';
import type { EntityEnvironment } from './entity-environment.ts';
import type { HookModule } from './hook-module.ts';
import { MappingInvalidError, type MappingProblem, ProblemSink } from './mapping-problem.ts';

/** What a mapping is compiled against besides core's schema. */
export interface CompileOptions {
  /** The source's discovery: when given, streams and columns are checked and matched to it. */
  readonly streams?: readonly StreamInfo[];
  /** The loaded hooks module (see `loadMapping`); needed when the mapping uses hooks. */
  readonly hooks?: HookModule;
  /**
   * The source's time zone (`--timezone`, default UTC): wall-clock text without an offset (a DATE
   * value, a naive timestamp in a text column) becomes an instant in it, exactly as connectors
   * read naive timestamp columns. A `timestamp` expression's own `timezone` option wins.
   */
  readonly timeZone?: string;
}

/** `$schema` is allowed for JSON mappings that name their JSON Schema; it is ignored. */
const TOP_KEYS = ['$schema', 'version', 'source', 'hooks', 'lookups', 'entities'];

const isMap = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Checks a parsed mapping (plain data, from YAML or JSON) against core's schema, and compiles it
 * when it has no problem. Every problem is reported, each with its path in the document.
 */
export function analyseMapping(
  raw: unknown,
  schema: SchemaDocument,
  options: CompileOptions = {},
): { readonly compiled?: CompiledMapping; readonly problems: readonly MappingProblem[] } {
  const sink = new ProblemSink();
  if (!isMap(raw)) {
    sink.add('invalid_mapping', [], 'a mapping is a map with `source` and `entities`');
    return { problems: sink.problems };
  }
  for (const key of Object.keys(raw)) {
    if (!TOP_KEYS.includes(key))
      sink.add('invalid_mapping', [key], `unknown key "${key}"; keys: ${TOP_KEYS.join(', ')}`, true);
  }
  if (raw.version !== undefined && raw.version !== 1)
    sink.add('invalid_mapping', ['version'], 'version must be 1');
  if (typeof raw.source !== 'string' || !isSourceName(raw.source)) {
    sink.add(
      'invalid_mapping',
      raw.source === undefined ? [] : ['source'],
      'source must be the source system name: 1..100 of A-Z a-z 0-9 . _ -',
    );
  }
  if (raw.hooks !== undefined && typeof raw.hooks !== 'string')
    sink.add('invalid_mapping', ['hooks'], 'hooks must be a module path');
  const env: EntityEnvironment = {
    schema,
    streams: options.streams,
    hooks: options.hooks,
    lookups: readLookups(raw.lookups, sink),
    sink,
    timeZone: options.timeZone ?? 'UTC',
  };
  const entities: CompiledEntity[] = [];
  if (!isMap(raw.entities)) {
    sink.add(
      'invalid_mapping',
      raw.entities === undefined ? [] : ['entities'],
      'entities must map core entity names to their mappings',
    );
  } else {
    for (const [name, entry] of Object.entries(raw.entities)) {
      const entity = schema.entities.find((candidate) => candidate.name === name);
      if (!entity) {
        const known = schema.entities.map((candidate) => candidate.name).join(', ');
        sink.add('unknown_entity', ['entities', name], `unknown entity "${name}"; core has: ${known}`, true);
      } else if (!isMap(entry)) {
        sink.add(
          'invalid_mapping',
          ['entities', name],
          'an entity mapping is a map with stream or query, id and fields',
        );
      } else {
        entities.push(compileEntity(entity, entry, ['entities', name], env));
      }
    }
    checkReferenceTargets(entities, raw.entities, sink);
    checkSharedReads(entities, sink);
  }
  if (sink.problems.length > 0) return { problems: sink.problems };
  const byName = new Map(entities.map((entity) => [entity.entity, entity]));
  const compiled: CompiledMapping = {
    source: raw.source as string,
    entities,
    queries: entities.flatMap((entity) => (entity.query ? [entity.query] : [])),
    entity: (name) => byName.get(name),
  };
  return { compiled, problems: [] };
}

/** Compiles a mapping or throws `MappingInvalidError` with every problem. */
export function compileMapping(
  raw: unknown,
  schema: SchemaDocument,
  options: CompileOptions = {},
): CompiledMapping {
  const { compiled, problems } = analyseMapping(raw, schema, options);
  if (!compiled) throw new MappingInvalidError(problems);
  return compiled;
}

function readLookups(raw: unknown, sink: ProblemSink): Record<string, Readonly<Record<string, unknown>>> {
  if (raw === undefined) return {};
  if (!isMap(raw)) {
    sink.add('invalid_mapping', ['lookups'], 'lookups must map names to value maps');
    return {};
  }
  const lookups: [string, Readonly<Record<string, unknown>>][] = [];
  for (const [name, table] of Object.entries(raw)) {
    if (isMap(table)) lookups.push([name, table]);
    else sink.add('invalid_mapping', ['lookups', name], `lookup "${name}" must map source values to results`);
  }
  // Own properties only, even for a lookup named `__proto__`.
  return Object.fromEntries(lookups);
}

/**
 * Entities that read one stream read it once, together (one read feeds each of them): they share
 * the read's incremental cursor, so they must name the same one.
 */
function checkSharedReads(entities: readonly CompiledEntity[], sink: ProblemSink): void {
  const first = new Map<string, CompiledEntity>();
  for (const entity of entities) {
    if (entity.stream === '') continue;
    const other = first.get(entity.stream);
    if (other === undefined) {
      first.set(entity.stream, entity);
    } else if (other.cursor !== entity.cursor) {
      sink.add(
        'invalid_mapping',
        ['entities', entity.entity, ...(entity.cursor === undefined ? [] : ['cursor'])],
        `${other.entity} and ${entity.entity} read stream "${entity.stream}" once, together, so they share its ` +
          `cursor: give both the same (${other.entity} has ${other.cursor ?? 'none'}, ${entity.entity} ${entity.cursor ?? 'none'})`,
      );
    }
  }
}

/** A reference to an entity the mapping never fills could never resolve. */
function checkReferenceTargets(
  entities: readonly CompiledEntity[],
  raw: Record<string, unknown>,
  sink: ProblemSink,
): void {
  const filled = new Set(Object.keys(raw));
  for (const entity of entities) {
    for (const reference of entity.references) {
      if (!filled.has(reference.target)) {
        sink.add(
          'unfilled_reference_target',
          ['entities', entity.entity, 'refs', reference.name],
          `reference "${reference.name}" points to ${reference.target}, which this mapping never fills`,
          true,
        );
      }
    }
  }
}
