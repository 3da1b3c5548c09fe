import type { StreamInfo } from '../connectors/connector.ts';
import type { CompiledMapping } from './compiled-entity.ts';
import { isPositionColumn } from './match/position-column.ts';

/** What a mapping leaves unread of its source. */
export interface UnusedColumns {
  /** Per stream some entity reads: its columns no entity reading it uses, in discovery order. */
  readonly columns: readonly { readonly stream: string; readonly columns: readonly string[] }[];
  /** Tables, views and files no entity reads. */
  readonly streams: readonly string[];
}

/**
 * The source columns no mapping uses: for each stream the mapping reads, the columns that no
 * expression, id, reference, filter or cursor of any entity reading it names (a stream one entity
 * reads through a row hook counts as wholly read), and the streams no entity reads. Key columns
 * are read for partitioning whether mapped or not, but are listed when nothing maps them.
 * A joined stream (`joins`) counts as read for the columns used through its alias and its key.
 * Onboard's own file position columns (`_source_file`, `_source_row`) are never listed.
 */
export function unusedColumns(mapping: CompiledMapping, streams: readonly StreamInfo[]): UnusedColumns {
  const read = new Map<string, Set<string> | 'all'>();
  const add = (stream: string, columns: Iterable<string> | 'all') => {
    const seen = read.get(stream);
    if (columns === 'all' || seen === 'all') read.set(stream, 'all');
    else read.set(stream, new Set([...(seen ?? []), ...columns]));
  };
  for (const entity of mapping.entities) {
    const columns = entity.columnsRead;
    if (columns === undefined) continue;
    add(entity.stream, columns);
    // A joined stream's columns are read as `alias.column`, and its key to find the row.
    for (const join of entity.joins ?? []) {
      const prefix = `${join.alias}.`;
      const used =
        columns === 'all'
          ? 'all'
          : [...columns].filter((name) => name.startsWith(prefix)).map((name) => name.slice(prefix.length));
      add(join.stream, used === 'all' ? 'all' : [...used, ...join.key]);
    }
  }
  const columns = streams.flatMap((stream) => {
    const used = read.get(stream.name);
    if (used === undefined || used === 'all') return [];
    const left = stream.columns
      .map((c) => c.name)
      .filter((name) => !used.has(name) && !isPositionColumn(name));
    return left.length > 0 ? [{ stream: stream.name, columns: left }] : [];
  });
  const unread = streams
    .filter((stream) => stream.kind !== 'query' && !read.has(stream.name))
    .map((s) => s.name);
  return { columns, streams: unread };
}
