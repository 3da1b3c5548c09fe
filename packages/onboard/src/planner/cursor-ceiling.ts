import { maxCursor } from '../connectors/compare-cursor.ts';
import type { Connector, StreamInfo } from '../connectors/connector.ts';
import type { SourceValue } from '../connectors/value.ts';
import type { MappedEntity } from './mapping-view.ts';

/**
 * The largest value an entity's cursor has in the source now, before the run reads anything
 * (`PartitionTask.cursorCeiling`): of its one column, or the largest of its columns over several
 * streams (`address.updated_at` is the column `updated_at` of the join `address`'s stream).
 * Undefined when the entity has no cursor or the connector cannot say (files).
 */
export async function cursorCeiling(
  connector: Connector,
  stream: StreamInfo,
  mapped: MappedEntity,
  streams: ReadonlyMap<string, StreamInfo>,
): Promise<SourceValue | undefined> {
  if (mapped.cursor === undefined || connector.cursorCeiling === undefined) return undefined;
  let ceiling: SourceValue = null;
  for (const name of mapped.cursorColumns ?? [mapped.cursor]) {
    const join = mapped.joins?.find((j) => name.startsWith(`${j.alias}.`) && !hasColumn(stream, name));
    const target = join === undefined ? stream : streams.get(join.stream);
    if (target === undefined) return undefined;
    const column = join === undefined ? name : name.slice(join.alias.length + 1);
    ceiling = maxCursor(ceiling, await connector.cursorCeiling(target, column));
  }
  return ceiling;
}

function hasColumn(stream: StreamInfo, name: string): boolean {
  return stream.columns.some((column) => column.name === name);
}
