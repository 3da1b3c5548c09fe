import type { EntitySchema } from '@madeup/contract';
import type { StreamInfo } from '../../connectors/connector.ts';
import type { Row } from '../../connectors/value.ts';
import type { SourceLink } from '../match/foreign-keys.ts';
import type { ReferenceMatch } from '../match/match-references.ts';
import { type DraftJoin, makeJoin } from '../match/plan-joins.ts';

/**
 * Required references the stream's own columns cannot fill, filled through one join: a link from
 * the stream to another stream that links to the parent's stream (`payment.order_id -> orders`,
 * whose `customer_id` is the customer: `"{orders.customer_id}"`). The join is added to `joins`.
 */
export function referencesThroughJoins(
  entity: EntitySchema,
  stream: StreamInfo,
  found: readonly ReferenceMatch[],
  links: readonly SourceLink[],
  streams: readonly StreamInfo[],
  streamOf: (entity: string) => StreamInfo | undefined,
  joins: DraftJoin[],
): ReferenceMatch[] {
  const added: ReferenceMatch[] = [];
  for (const reference of entity.references) {
    if (!reference.required || found.some((r) => r.name === reference.name)) continue;
    const parent = streamOf(reference.target);
    if (!parent || parent.primaryKey.length === 0) continue;
    for (const link of links.filter((l) => l.from === stream.name)) {
      const middle = streams.find((s) => s.name === link.target);
      const onward = links.find((l) => l.from === link.target && l.target === parent.name);
      if (!middle || !onward || middle === stream) continue;
      const columns = parent.primaryKey.map((key) => onward.columns[onward.references.indexOf(key)]);
      if (!columns.every((c) => c !== undefined)) continue;
      let join = joins.find((j) => j.stream === middle && j.on.join() === link.columns.join());
      if (!join) {
        join = makeJoin(middle, link, '', joins);
        joins.push(join);
      }
      const alias = join.alias;
      added.push({
        name: reference.name,
        columns: columns.map((c) => `${alias}.${c}`),
        declared: onward.declared,
      });
      break;
    }
  }
  return added;
}

/** The joins the draft's columns use, with the joins their `on` goes through, in order. */
export function joinsUsed(joins: readonly DraftJoin[], columns: readonly string[]): DraftJoin[] {
  const needed = new Set<string>();
  const need = (column: string) => {
    const alias = column.includes('.') ? column.slice(0, column.indexOf('.')) : undefined;
    const join = joins.find((j) => j.alias === alias);
    if (!join || needed.has(join.alias)) return;
    needed.add(join.alias);
    for (const on of join.on) need(on);
  };
  for (const column of columns) need(column);
  return joins.filter((j) => needed.has(j.alias));
}

/** Sample values of a column of the entity's rows: its own stream's, or a joined stream's. */
export function sampleOf(
  column: string,
  stream: StreamInfo,
  joins: readonly DraftJoin[],
  samples: ReadonlyMap<string, readonly Row[]> | undefined,
): unknown[] {
  const dot = column.indexOf('.');
  const join = dot > 0 ? joins.find((j) => j.alias === column.slice(0, dot)) : undefined;
  const rows = samples?.get(join ? join.stream.name : stream.name) ?? [];
  const name = join ? column.slice(dot + 1) : column;
  return rows.map((row) => row[name]);
}
