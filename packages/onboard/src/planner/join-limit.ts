import type { StreamInfo } from '../connectors/connector.ts';
import { ConfigError, OnboardError } from '../errors/onboard-error.ts';

/**
 * The most rows a joined stream may have: each partition task keeps the joined streams of its
 * entity in memory (a map from key to row) while it reads its own stream in partitions. 100,000
 * rows of a dozen columns is some tens of MB per task; larger tables belong in a custom query
 * that joins in SQL.
 */
export const MAX_JOIN_ROWS = 100_000;

/** A joined stream has more rows than onboard keeps in memory. */
export class JoinTooLargeError extends OnboardError {
  override readonly name = 'JoinTooLargeError';
  constructor(entity: string, alias: string, stream: string, rows: string, limit = MAX_JOIN_ROWS) {
    super(
      'config',
      `entity ${entity} joins "${stream}" (as ${alias}), which has ${rows} rows: a join keeps its stream in ` +
        `memory, up to ${limit.toLocaleString('en')} rows; join it in a custom query (query: {sql: SELECT … JOIN …}) instead`,
    );
  }
}

/** The discovery of every stream an entity joins, refused when one is too large to keep in memory. */
export function joinStreams(
  entity: string,
  joins: readonly { readonly alias: string; readonly stream: string }[],
  streams: ReadonlyMap<string, StreamInfo>,
): StreamInfo[] {
  return joins.map((join) => {
    const stream = streams.get(join.stream);
    if (stream === undefined)
      throw new ConfigError(`entity ${entity} joins stream "${join.stream}", which the source does not have`);
    if (stream.estimatedRows !== undefined && stream.estimatedRows > MAX_JOIN_ROWS)
      throw new JoinTooLargeError(
        entity,
        join.alias,
        stream.name,
        `about ${stream.estimatedRows.toLocaleString('en')}`,
      );
    return stream;
  });
}
