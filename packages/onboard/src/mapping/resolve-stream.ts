import type { CustomQuery, StreamInfo } from '../connectors/connector.ts';
import { unreadableColumns } from '../connectors/unreadable-columns.ts';
import type { MappingPath, ProblemSink } from './mapping-problem.ts';
import { matchName } from './name-match.ts';

/** The stream an entity reads: its name as the source knows it, and the custom query if any. */
export interface ResolvedStream {
  readonly name: string;
  readonly info?: StreamInfo;
  readonly query?: CustomQuery;
}

const list = (names: readonly string[]) =>
  names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ') || '(none)';

/**
 * Finds an entity's stream among the discovered ones (when discovery is given), reporting an
 * unknown or ambiguous name. Without discovery the mapping's own name is used as is.
 */
export function resolveStream(
  entity: Readonly<Record<string, unknown>>,
  path: MappingPath,
  streams: readonly StreamInfo[] | undefined,
  sink: ProblemSink,
): ResolvedStream | undefined {
  const hasStream = entity.stream !== undefined;
  const hasQuery = entity.query !== undefined;
  if (hasStream === hasQuery) {
    sink.add(
      'invalid_mapping',
      path,
      'give exactly one of `stream` (a table or view) and `query` (a custom SQL query)',
    );
    return undefined;
  }
  if (hasStream) {
    if (typeof entity.stream !== 'string' || entity.stream === '') {
      sink.add('invalid_mapping', [...path, 'stream'], 'stream must be a table or view name');
      return undefined;
    }
    if (!streams) return { name: entity.stream };
    const tables = streams.filter((stream) => stream.kind !== 'query');
    const match = matchName(
      entity.stream,
      tables.map((stream) => stream.name),
      true,
    );
    if ('found' in match) {
      const info = tables.find((stream) => stream.name === match.found)!;
      reportUnreadable(info, [...path, 'stream'], sink);
      return { name: info.name, info };
    }
    if ('ambiguous' in match) {
      sink.add(
        'ambiguous_name',
        [...path, 'stream'],
        `stream "${entity.stream}" matches ${match.ambiguous.join(' and ')}; write the exact name`,
      );
    } else {
      sink.add(
        'unknown_stream',
        [...path, 'stream'],
        `unknown stream "${entity.stream}"; the source has: ${list(tables.map((s) => s.name))}`,
      );
    }
    return undefined;
  }
  return resolveQuery(entity.query, [...path, 'query'], streams, sink);
}

function resolveQuery(
  raw: unknown,
  path: MappingPath,
  streams: readonly StreamInfo[] | undefined,
  sink: ProblemSink,
): ResolvedStream | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    sink.add('invalid_mapping', path, 'query must be {name, sql, key?}');
    return undefined;
  }
  const spec = raw as Record<string, unknown>;
  let ok = true;
  for (const key of Object.keys(spec)) {
    if (!['name', 'sql', 'key'].includes(key))
      sink.add(
        'invalid_mapping',
        [...path, key],
        `unknown key "${key}" in query; keys: name, sql, key`,
        true,
      );
  }
  if (typeof spec.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(spec.name)) {
    sink.add('invalid_mapping', [...path, 'name'], 'query name must be a word of letters, digits and _');
    ok = false;
  }
  if (typeof spec.sql !== 'string' || spec.sql.trim() === '') {
    sink.add('invalid_mapping', [...path, 'sql'], 'query sql must be the text of a SELECT');
    ok = false;
  }
  const key = spec.key;
  if (key !== undefined && (!Array.isArray(key) || !key.every((column) => typeof column === 'string'))) {
    sink.add('invalid_mapping', [...path, 'key'], 'query key must be a list of column names');
    ok = false;
  }
  if (!ok) return undefined;
  const query: CustomQuery = {
    name: spec.name as string,
    sql: spec.sql as string,
    ...(Array.isArray(key) ? { primaryKey: key as string[] } : {}),
  };
  if (!streams) return { name: query.name, query };
  const info = streams.find((stream) => stream.kind === 'query' && stream.name === query.name);
  if (info) {
    reportUnreadable(info, [...path, 'sql'], sink);
    return { name: info.name, info, query };
  }
  sink.add(
    'unknown_stream',
    [...path, 'name'],
    `custom query "${query.name}" was not discovered by the source`,
  );
  return undefined;
}

/**
 * Key columns are read for partitioning and resuming whether mapped or not, so one that onboard
 * cannot read makes the read refuse the stream: reported here with the read's own message.
 */
function reportUnreadable(info: StreamInfo, path: MappingPath, sink: ProblemSink): void {
  for (const error of unreadableColumns(info, info.primaryKey))
    sink.add('unsupported_type', path, error.message);
}
