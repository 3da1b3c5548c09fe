import type { ColumnInfo, StreamInfo } from '../../connectors/connector.ts';
import type { SourceLink } from './foreign-keys.ts';
import { nameTokens } from './name-tokens.ts';

/** A join the draft proposes: `alias: { stream, on, key? }`, `on` as the entity's rows name it. */
export interface DraftJoin {
  readonly alias: string;
  readonly stream: StreamInfo;
  readonly on: readonly string[];
  /** The joined stream's columns `on` meets, when not its primary key. */
  readonly key?: readonly string[];
}

/**
 * Joined streams must look like lookup tables: at most this many rows (estimated). Well under the
 * run's own limit on joined streams (docs/mappings.md, "Joins"), so a draft never proposes a join
 * a run refuses, and a big child table is never pulled in as a lookup.
 */
const LOOKUP_ROWS = 10_000;
const MAX_DEPTH = 3;

/**
 * The joins that bring a stream's lookup data to its rows: following its links (foreign keys) to
 * streams no entity reads (`customer -> address -> city -> country`), up to three steps, each
 * joined stream once. Their columns become `alias.column` candidates for the entity's fields.
 */
export function lookupJoins(
  stream: StreamInfo,
  links: readonly SourceLink[],
  streams: readonly StreamInfo[],
  entityStreams: ReadonlySet<string>,
): DraftJoin[] {
  const joins: DraftJoin[] = [];
  const queue: { from: StreamInfo; prefix: string; depth: number }[] = [
    { from: stream, prefix: '', depth: 0 },
  ];
  while (queue.length > 0) {
    const { from, prefix, depth } = queue.shift()!;
    if (depth >= MAX_DEPTH) continue;
    for (const link of links.filter((l) => l.from === from.name)) {
      const target = streams.find((s) => s.name === link.target);
      if (!target || target === stream || entityStreams.has(target.name)) continue;
      if (joins.some((j) => j.stream === target) || (target.estimatedRows ?? 0) > LOOKUP_ROWS) continue;
      const join = makeJoin(target, link, prefix, joins);
      joins.push(join);
      queue.push({ from: target, prefix: `${join.alias}.`, depth: depth + 1 });
    }
  }
  return joins;
}

/** A join to `target` over `link` (from the entity's own stream when `prefix` is empty). */
export function makeJoin(
  target: StreamInfo,
  link: SourceLink,
  prefix: string,
  taken: readonly DraftJoin[],
): DraftJoin {
  const word =
    nameTokens(target.name)
      .join('_')
      .replace(/[^A-Za-z0-9_]/g, '_') || 'joined';
  let alias = /^[A-Za-z_]/.test(word) ? word : `t_${word}`;
  for (let n = 2; taken.some((j) => j.alias === alias); n++) alias = `${word}${n}`;
  const isKey =
    link.references.length === target.primaryKey.length &&
    link.references.every((c, i) => c === target.primaryKey[i]);
  return {
    alias,
    stream: target,
    on: link.columns.map((c) => `${prefix}${c}`),
    ...(isKey ? {} : { key: link.references }),
  };
}

/** The columns joins add, named `alias.column`; a joined stream's own keys left out. */
export function joinedColumns(joins: readonly DraftJoin[], links: readonly SourceLink[]): ColumnInfo[] {
  return joins.flatMap((join) => {
    const keys = new Set([
      ...join.stream.primaryKey,
      ...links.filter((l) => l.from === join.stream.name).flatMap((l) => l.columns),
    ]);
    return join.stream.columns
      .filter((c) => !keys.has(c.name))
      .map((c) => ({ ...c, name: `${join.alias}.${c.name}` }));
  });
}
