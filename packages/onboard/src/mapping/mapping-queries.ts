import type { CustomQuery } from '../connectors/connector.ts';
import type { MappingPath } from './mapping-problem.ts';

/** A custom query of a mapping, with where it sits in the document. */
export interface PlacedQuery {
  readonly query: CustomQuery;
  readonly path: MappingPath;
}

/**
 * The custom queries of a parsed mapping, read leniently (before any check), so a source can be
 * asked to discover them even when the rest of the mapping has problems.
 */
export function mappingQueries(data: unknown): PlacedQuery[] {
  const entities = (data as { entities?: unknown } | null)?.entities;
  if (entities === null || typeof entities !== 'object') return [];
  const placed: PlacedQuery[] = [];
  for (const [entity, entry] of Object.entries(entities)) {
    const spec = (entry as { query?: { name?: unknown; sql?: unknown; key?: unknown } } | null)?.query;
    if (typeof spec?.name !== 'string' || typeof spec.sql !== 'string') continue;
    const key =
      Array.isArray(spec.key) && spec.key.every((c) => typeof c === 'string')
        ? { primaryKey: spec.key as string[] }
        : {};
    placed.push({
      query: { name: spec.name, sql: spec.sql, ...key },
      path: ['entities', entity, 'query', 'sql'],
    });
  }
  return placed;
}
