import type { StreamInfo } from '../../connectors/connector.ts';
import { foldName } from '../name-match.ts';
import { nameTokens } from './name-tokens.ts';

/** A link from one stream's columns to another stream's key, declared or read from the names. */
export interface SourceLink {
  readonly from: string;
  readonly columns: readonly string[];
  readonly target: string;
  /** The target's columns, in the order of `columns`. */
  readonly references: readonly string[];
  readonly declared: boolean;
}

/**
 * The source's foreign keys: the declared ones, plus, for sources that declare none (files, many
 * legacy schemas), a single column named after another stream's one-column key (`client_id` ->
 * `client.client_id`), or named after the stream and ending in a key word (`rcvd_by_emp` and
 * `mgr_emp_id` -> `emp`) when its type fits the key's.
 */
export function sourceLinks(streams: readonly StreamInfo[]): SourceLink[] {
  const links: SourceLink[] = [];
  const keyed = streams.filter((s) => s.kind !== 'query' && s.primaryKey.length === 1);
  for (const stream of streams) {
    if (stream.kind === 'query') continue;
    const declared = stream.foreignKeys ?? [];
    for (const key of declared)
      links.push({
        from: stream.name,
        columns: key.columns,
        target: key.target,
        references: key.references,
        declared: true,
      });
    const covered = new Set(declared.flatMap((key) => key.columns));
    for (const column of stream.columns) {
      if (covered.has(column.name) || stream.primaryKey.includes(column.name)) continue;
      const target = inferTarget(column.name, column.type, stream, keyed);
      if (target)
        links.push({
          from: stream.name,
          columns: [column.name],
          target: target.name,
          references: target.primaryKey,
          declared: false,
        });
    }
  }
  return links;
}

function inferTarget(column: string, type: string, own: StreamInfo, keyed: readonly StreamInfo[]) {
  const folded = foldName(column);
  const words = nameTokens(column);
  const fits = (target: StreamInfo) => {
    const keyType = target.columns.find((c) => c.name === target.primaryKey[0])?.type;
    return (
      keyType === undefined ||
      keyType === type ||
      (['integer', 'bigint', 'string'].includes(keyType) && ['integer', 'bigint', 'string'].includes(type))
    );
  };
  const byKeyName = keyed.filter((target) => {
    const key = foldName(target.primaryKey[0]!);
    return key.length > 2 && key !== 'id' && folded.endsWith(key) && fits(target);
  });
  const named =
    byKeyName.length > 0
      ? byKeyName
      : keyed.filter((target) => {
          const table = nameTokens(target.name).join('');
          const rest = words.filter((w) => w !== 'id').join('');
          return table.length > 1 && target !== own && rest.endsWith(table) && fits(target);
        });
  return named.length === 1
    ? named[0]
    : (named.find((target) => target === own) ??
        (named.length > 0 ? named.sort((a, b) => b.name.length - a.name.length)[0] : undefined));
}
