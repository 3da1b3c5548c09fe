import type { ColumnInfo, StreamInfo } from '../connectors/connector.ts';
import type { MappingPath, ProblemSink } from './mapping-problem.ts';
import { matchName } from './name-match.ts';

/**
 * One `joins:` entry, compiled: the row of `stream` whose `key` columns equal the entity row's
 * `on` columns (a base column, or `alias.column` of an earlier join) is added to the row, each of
 * its columns as `alias.column`. No match (a null or dangling `on`) adds nulls, like a left join.
 */
export interface MappedJoin {
  readonly alias: string;
  /** The joined stream, as the source names it. */
  readonly stream: string;
  /** Columns of the entity's row (after earlier joins), as the row names them. */
  readonly on: readonly string[];
  /** Columns of the joined stream, as the source names them. */
  readonly key: readonly string[];
}

/** The joins of an entity, and the columns they add to its rows (`alias.column`). */
export interface CompiledJoins {
  readonly joins: readonly MappedJoin[];
  readonly columns: readonly ColumnInfo[];
}

const ALIAS = /^[A-Za-z_][A-Za-z0-9_]*$/;
const JOIN_KEYS = ['stream', 'on', 'key'];
// `on` may be left out when the source declares the foreign key (see `declaredKey`).

const isMap = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const columnList = (value: unknown): string[] | undefined =>
  typeof value === 'string' && value !== ''
    ? [value]
    : Array.isArray(value) && value.length > 0 && value.every((c) => typeof c === 'string' && c !== '')
      ? (value as string[])
      : undefined;

/**
 * Compiles `joins:` (alias -> `{stream, on, key?}`), in order: each `on` may name the entity's
 * own columns and those of the joins above it. Without discovery, names are kept as written.
 */
export function compileJoins(
  raw: unknown,
  path: MappingPath,
  base: StreamInfo | undefined,
  streams: readonly StreamInfo[] | undefined,
  sink: ProblemSink,
): CompiledJoins {
  if (raw === undefined) return { joins: [], columns: [] };
  if (!isMap(raw)) {
    sink.add('invalid_mapping', path, 'joins must map aliases to {stream, on, key?}');
    return { joins: [], columns: [] };
  }
  const joins: MappedJoin[] = [];
  const columns: ColumnInfo[] = [];
  const joined: { readonly alias: string; readonly info: StreamInfo }[] = [];
  const addColumns = (alias: string, info: StreamInfo) => {
    joined.push({ alias, info });
    for (const column of info.columns)
      if (column.unsupported === undefined) columns.push({ ...column, name: `${alias}.${column.name}` });
  };
  for (const [alias, entry] of Object.entries(raw)) {
    const at = [...path, alias];
    if (!ALIAS.test(alias)) {
      sink.add('invalid_mapping', at, `join alias "${alias}" must be a word of letters, digits and _`, true);
      continue;
    }
    if (!isMap(entry)) {
      sink.add('invalid_mapping', at, 'a join is {stream, on, key?}');
      continue;
    }
    for (const key of Object.keys(entry))
      if (!JOIN_KEYS.includes(key))
        sink.add(
          'invalid_mapping',
          [...at, key],
          `unknown key "${key}" in a join; keys: ${JOIN_KEYS.join(', ')}`,
          true,
        );
    let on = columnList(entry.on);
    if (on === undefined && entry.on !== undefined)
      sink.add(
        'invalid_mapping',
        [...at, 'on'],
        'on must name the column (or columns) that hold the joined key',
      );
    if (typeof entry.stream !== 'string' || entry.stream === '') {
      sink.add('invalid_mapping', [...at, 'stream'], 'stream must be a table or view name');
      continue;
    }
    const info = streams ? findStream(entry.stream, streams, [...at, 'stream'], sink) : undefined;
    if (streams && !info) continue;
    // Without `on`, the one declared foreign key to the stream, from this one or a join above.
    let keyRaw = entry.key;
    if (entry.on === undefined && info && base) {
      const declared = declaredKey(info, base, joined, at, sink);
      if (declared === undefined) {
        // Its columns are still known: uses of them are not reported again.
        addColumns(alias, info);
        continue;
      }
      on = declared.on;
      keyRaw ??= declared.key;
    } else if (entry.on === undefined && streams) {
      continue;
    }
    const visible = base ? [...base.columns, ...columns] : undefined;
    const onColumns = on?.map((name, i) => resolve(name, visible, base?.name ?? '', [...at, 'on', i], sink));
    const key = resolveKey(keyRaw, info, [...at, 'key'], sink);
    // Without discovery and without `key`, the joined key is not known yet.
    if (onColumns && key && (info || entry.key !== undefined) && onColumns.length !== key.length)
      sink.add(
        'invalid_mapping',
        [...at, 'on'],
        `on has ${onColumns.length} column(s), the joined key (${key.join(', ')}) ${key.length}`,
      );
    if (info) addColumns(alias, info);
    if (onColumns && key && onColumns.every((c) => c !== undefined))
      joins.push({ alias, stream: info?.name ?? entry.stream, on: onColumns as string[], key });
  }
  const aliases = new Set<string>();
  for (const join of joins) {
    if (aliases.has(join.alias.toLowerCase()))
      sink.add('invalid_mapping', [...path, join.alias], `join alias "${join.alias}" is used twice`, true);
    aliases.add(join.alias.toLowerCase());
  }
  return { joins, columns };
}

/**
 * The foreign key a join without `on` follows: the one the source declares from the entity's
 * stream, or from a stream joined above (its columns then `alias.column`), to the joined stream.
 */
function declaredKey(
  target: StreamInfo,
  base: StreamInfo,
  joined: readonly { readonly alias: string; readonly info: StreamInfo }[],
  path: MappingPath,
  sink: ProblemSink,
): { on: string[]; key: string[] } | undefined {
  const from = [{ prefix: '', info: base }, ...joined.map((j) => ({ prefix: `${j.alias}.`, info: j.info }))];
  const found = from.flatMap(({ prefix, info }) =>
    (info.foreignKeys ?? [])
      .filter((fk) => fk.target === target.name)
      .map((fk) => ({ on: fk.columns.map((c) => `${prefix}${c}`), key: [...fk.references] })),
  );
  if (found.length === 1) return found[0];
  sink.add(
    'invalid_mapping',
    path,
    found.length === 0
      ? `no declared foreign key leads to "${target.name}" from "${base.name}" or the joins above: name the column(s) with on`
      : `several declared foreign keys lead to "${target.name}" (${found.map((f) => f.on.join(', ')).join('; ')}): choose one with on`,
  );
  return undefined;
}

function findStream(
  name: string,
  streams: readonly StreamInfo[],
  path: MappingPath,
  sink: ProblemSink,
): StreamInfo | undefined {
  const tables = streams.filter((stream) => stream.kind !== 'query');
  const match = matchName(
    name,
    tables.map((stream) => stream.name),
    true,
  );
  if ('found' in match) return tables.find((stream) => stream.name === match.found);
  if ('ambiguous' in match)
    sink.add(
      'ambiguous_name',
      path,
      `stream "${name}" matches ${match.ambiguous.join(' and ')}; write the exact name`,
    );
  else sink.add('unknown_stream', path, `unknown stream "${name}" to join`);
  return undefined;
}

function resolve(
  name: string,
  visible: readonly ColumnInfo[] | undefined,
  stream: string,
  path: MappingPath,
  sink: ProblemSink,
): string | undefined {
  if (!visible) return name;
  const names = visible.map((column) => column.name);
  const match = matchName(name, names);
  if ('found' in match) return match.found;
  sink.add(
    'ambiguous' in match ? 'ambiguous_name' : 'unknown_column',
    path,
    'ambiguous' in match
      ? `column "${name}" matches ${match.ambiguous.join(' and ')}; write the exact name`
      : `unknown column "${name}" in stream "${stream}" or the joins above; it has: ${names.join(', ')}`,
  );
  return undefined;
}

/** The joined stream's columns the `on` values meet: `key`, or its primary key. */
function resolveKey(
  raw: unknown,
  info: StreamInfo | undefined,
  path: MappingPath,
  sink: ProblemSink,
): string[] | undefined {
  if (raw !== undefined && columnList(raw) === undefined) {
    sink.add('invalid_mapping', path, 'key must name a column (or columns) of the joined stream');
    return undefined;
  }
  const wanted = columnList(raw);
  if (!info) return wanted ?? [];
  if (wanted === undefined) {
    if (info.primaryKey.length === 0)
      sink.add(
        'invalid_mapping',
        path,
        `stream "${info.name}" has no primary key: name the joined column with key`,
      );
    return info.primaryKey.length === 0 ? undefined : [...info.primaryKey];
  }
  const resolved = wanted.map((name, i) => resolve(name, info.columns, info.name, [...path, i], sink));
  return resolved.every((c) => c !== undefined) ? (resolved as string[]) : undefined;
}
