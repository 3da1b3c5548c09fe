import type { StreamInfo } from '../connectors/connector.ts';
import { unreadableColumns } from '../connectors/unreadable-columns.ts';
import type { Row } from '../connectors/value.ts';
import type { ColumnAccess } from './expressions/compiled-expression.ts';
import type { MappingPath, ProblemSink } from './mapping-problem.ts';
import { closestNames } from './match/name-similarity.ts';
import { matchName } from './name-match.ts';

/** Resolves an entity's column names, once, to functions of the row. */
export type ColumnResolver = (name: string, path: MappingPath) => ColumnAccess;

/**
 * With a discovered stream, names are matched against its columns (see `matchName`) plus the
 * columns a row transform adds, and unknown ones are reported. Without one (no discovery given),
 * each name is matched against the keys of the first row that lacks it, and the result kept.
 * `read` collects the discovered names resolved (for `onboard check --unused-columns`).
 */
export function columnResolver(
  stream: StreamInfo | undefined,
  added: readonly string[],
  sink: ProblemSink,
  read?: Set<string>,
): ColumnResolver {
  if (!stream) return (name) => ({ type: 'any', evaluate: lazyColumn(name) });
  const names = [...stream.columns.map((column) => column.name), ...added];
  return (name, path) => {
    const match = matchName(name, names);
    if ('found' in match) {
      const key = match.found;
      read?.add(key);
      // A column onboard cannot read is left out of the rows: using it is the read's refusal.
      for (const error of unreadableColumns(stream, [key])) sink.add('unsupported_type', path, error.message);
      const type = stream.columns.find((column) => column.name === key)?.type ?? 'any';
      return { type, evaluate: (row: Row) => row[key] ?? null };
    }
    if ('ambiguous' in match) {
      sink.add(
        'ambiguous_name',
        path,
        `column "${name}" matches ${match.ambiguous.join(' and ')}; write the exact name`,
      );
    } else {
      const near = closestNames(name, names, 0.8)[0];
      const hint = near
        ? `; did you mean "${near}"?`
        : /^[A-Za-z0-9_ ]*$/.test(name)
          ? `; for the text "${name}" write {const: ${name}}`
          : '';
      sink.add(
        'unknown_column',
        path,
        `unknown column "${name}" in stream "${stream.name}"${hint}; it has: ${names.join(', ')}`,
      );
    }
    return { type: 'any', evaluate: () => null };
  };
}

function lazyColumn(name: string): (row: Row) => unknown {
  let key = name;
  let settled = false;
  return (row) => {
    const value = row[key];
    if (value !== undefined || settled) return value ?? null;
    settled = true;
    const match = matchName(name, Object.keys(row));
    if ('found' in match) key = match.found;
    return row[key] ?? null;
  };
}
