import type { EntitySchema } from '@madeup/contract';
import type { StreamInfo } from '../connectors/connector.ts';
import { unreadableColumns } from '../connectors/unreadable-columns.ts';
import type { Row } from '../connectors/value.ts';
import { columnResolver } from './column-access.ts';
import { compileFields } from './compile-fields.ts';
import { compileJoins } from './compile-joins.ts';
import { compileMerge } from './compile-merge.ts';
import { compileExternalId, compileRefs } from './compile-refs.ts';
import type { CompiledEntity, TransformResult } from './compiled-entity.ts';
import { cursorTypeProblem } from './cursor-type.ts';
import type { EntityEnvironment } from './entity-environment.ts';
import { compileCondition, type Predicate } from './expressions/compile-condition.ts';
import { compileExpression } from './expressions/compile-expression.ts';
import type { ExpressionContext } from './expressions/compiled-expression.ts';
import type { MappingPath, ProblemSink } from './mapping-problem.ts';
import { matchName } from './name-match.ts';
import type { Rejection } from './rejection-codes.ts';
import { resolveStream } from './resolve-stream.ts';
import { compileRowHook } from './row-hook.ts';
import { ValueError } from './value-error.ts';

const ENTITY_KEYS = [
  'stream',
  'query',
  'joins',
  'id',
  'cursor',
  'filter',
  'transform',
  'fields',
  'refs',
  'merge',
];

/** Compiles one entry of `entities`, reporting every problem in it. */
export function compileEntity(
  entity: EntitySchema,
  raw: Readonly<Record<string, unknown>>,
  path: MappingPath,
  env: EntityEnvironment,
): CompiledEntity {
  const { sink } = env;
  for (const key of Object.keys(raw)) {
    if (!ENTITY_KEYS.includes(key))
      sink.add(
        'invalid_mapping',
        [...path, key],
        `unknown key "${key}"; keys: ${ENTITY_KEYS.join(', ')}`,
        true,
      );
  }
  const stream = resolveStream(raw, path, env.streams, sink);
  const joined = compileJoins(raw.joins, [...path, 'joins'], stream?.info, env.streams, sink);
  // The entity's rows carry its joined streams' columns as `alias.column`.
  const rowInfo: StreamInfo | undefined =
    stream?.info && joined.columns.length > 0
      ? { ...stream.info, columns: [...stream.info.columns, ...joined.columns] }
      : stream?.info;
  const rowHook = compileRowHook(raw.transform, [...path, 'transform'], env);
  // A row hook sees every column: one onboard leaves out of the rows is a problem for it too.
  if (rowHook && stream?.info)
    for (const error of unreadableColumns(stream.info))
      sink.add('unsupported_type', [...path, 'transform'], error.message);
  const read = new Set<string>();
  const resolveColumn = columnResolver(rowInfo, rowHook?.adds ?? [], sink, read);
  // The columns joins follow are read too.
  for (const join of joined.joins) for (const column of join.on) read.add(column);
  const context: ExpressionContext = {
    sink,
    column: resolveColumn,
    hook: (name, at) => findHook(env, name, at),
    lookup: (name, at) => {
      const table = Object.hasOwn(env.lookups, name) ? env.lookups[name] : undefined;
      if (!table)
        sink.add(
          'unknown_lookup',
          at,
          `unknown lookup "${name}"; lookups: ${Object.keys(env.lookups).join(', ') || '(none)'}`,
        );
      return table;
    },
    timeZone: env.timeZone,
  };
  const externalId = compileExternalId(raw.id, [...path, 'id'], context);
  const fields = compileFields(
    raw.fields,
    [...path, 'fields'],
    entity.fields,
    context,
    'fields',
    entity.name,
  );
  const refs = compileRefs(raw.refs, [...path, 'refs'], entity, context);
  const sub = (inner: unknown, at: MappingPath) => compileExpression(inner, at, context);
  const filter: Predicate | undefined =
    raw.filter === undefined ? undefined : compileCondition(raw.filter, [...path, 'filter'], context, sub);
  const aliases = joined.joins.map((join) => `${join.alias.toLowerCase()}.`);
  const isJoined = (column: string) => aliases.some((prefix) => column.toLowerCase().startsWith(prefix));
  const cursor = compileCursor(raw.cursor, rowInfo, isJoined, [...path, 'cursor'], sink);
  for (const column of cursor?.columns ?? (cursor ? [cursor.column] : [])) read.add(column);
  const merge = compileMerge(raw.merge, [...path, 'merge'], context);
  const hook = rowHook?.apply;
  const filtered: TransformResult = { skipped: 'filter' };
  const dropped: TransformResult = { skipped: 'transform' };

  function transform(input: Row): TransformResult {
    let row = input;
    if (hook) {
      const result = hook(input);
      if (result === null) return dropped;
      if ('error' in result) return { error: result.error, errors: [result.error] };
      row = result.row;
    }
    if (filter) {
      const kept = keepRow(filter, row);
      if (kept !== true) return kept === false ? filtered : { error: kept, errors: [kept] };
    }
    const errors: Rejection[] = [];
    const id = externalId(row, errors);
    const values: Record<string, unknown> = {};
    for (const write of fields) write(row, values, errors);
    const links = refs.write ? refs.write(row, errors) : undefined;
    if (errors.length > 0)
      return id === null ? { error: errors[0]!, errors } : { error: errors[0]!, errors, externalId: id };
    const record = links
      ? { externalId: id!, fields: values, refs: links }
      : { externalId: id!, fields: values };
    return { record };
  }

  // With a row hook the id depends on the hook's output: not known without running it (once per
  // row, in `transform`).
  const externalIdOf = (row: Row): string | null => (hook ? null : externalId(row, []));

  return {
    entity: entity.name,
    stream: stream?.name ?? '',
    ...(stream?.query ? { query: stream.query } : {}),
    ...(cursor?.column !== undefined ? { cursor: cursor.column } : {}),
    ...(cursor?.columns !== undefined ? { cursorColumns: cursor.columns } : {}),
    ...(joined.joins.length > 0 ? { joins: joined.joins } : {}),
    references: refs.references,
    ...(stream?.info ? { columnsRead: rowHook ? ('all' as const) : read } : {}),
    ...(merge ? { merge } : {}),
    transform,
    externalIdOf,
  };
}

/** Runs the filter; a value that fails inside it (e.g. a bad number) is the row's error. */
function keepRow(filter: Predicate, row: Row): boolean | Rejection {
  try {
    return filter(row);
  } catch (error) {
    const code = error instanceof ValueError ? error.code : 'transform_failed';
    return { field: 'filter', code, message: (error as Error).message };
  }
}

function findHook(
  env: EntityEnvironment,
  name: string,
  path: MappingPath,
): ((...args: unknown[]) => unknown) | undefined {
  if (!env.hooks) {
    env.sink.add(
      'unknown_hook',
      path,
      `hook "${name}" is used but no hooks module is loaded (set \`hooks:\` at the top)`,
    );
    return undefined;
  }
  const fn = env.hooks[name];
  if (typeof fn === 'function') return fn as (...args: unknown[]) => unknown;
  const names = Object.keys(env.hooks).filter((key) => typeof env.hooks?.[key] === 'function');
  env.sink.add(
    'unknown_hook',
    path,
    `unknown hook "${name}"; the hooks module exports: ${names.join(', ') || '(nothing)'}`,
  );
  return undefined;
}

/**
 * `cursor:` is one column, or a list of columns that may include joined ones (`address.updated_at`):
 * a row is then past the watermark when any of them is, and the watermark is their largest value.
 * Such a cursor cannot be read in SQL: `columns` is set, and the executor filters the rows.
 */
function compileCursor(
  raw: unknown,
  rowInfo: StreamInfo | undefined,
  isJoined: (column: string) => boolean,
  path: MappingPath,
  sink: ProblemSink,
): { readonly column: string; readonly columns?: readonly string[] } | undefined {
  if (raw === undefined) return undefined;
  const names = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string' && n !== '')) {
    sink.add('invalid_mapping', path, 'cursor must be a column name, or a list of them');
    return undefined;
  }
  const found = names.map((name, i) =>
    cursorColumn(name, rowInfo, typeof raw === 'string' ? path : [...path, i], sink),
  );
  if (!found.every((column) => column !== undefined)) return undefined;
  if (found.length === 1 && !isJoined(found[0]!)) return { column: found[0]! };
  return { column: `max(${found.join(', ')})`, columns: found };
}

function cursorColumn(
  name: string,
  info: StreamInfo | undefined,
  path: MappingPath,
  sink: ProblemSink,
): string | undefined {
  if (!info) return name;
  const match = matchName(
    name,
    info.columns.map((column) => column.name),
  );
  if ('found' in match) {
    for (const error of unreadableColumns(info, [match.found]))
      sink.add('unsupported_type', path, error.message);
    const unordered = cursorTypeProblem(info, match.found);
    if (unordered !== undefined) sink.add('unsupported_type', path, unordered);
    return match.found;
  }
  sink.add('unknown_column', path, `unknown cursor column "${name}" in stream "${info.name}"`);
  return undefined;
}
