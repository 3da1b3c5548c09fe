import type { EntitySchema, SchemaDocument } from '@madeup/contract';
import type { StreamInfo } from '../../connectors/connector.ts';
import type { SourceLink } from './foreign-keys.ts';
import { flatFields, matchFields } from './match-fields.ts';
import { matchReferences } from './match-references.ts';
import { nameSimilarity } from './name-similarity.ts';

/** The stream chosen for an entity, and why. */
export interface StreamChoice {
  readonly entity: string;
  readonly stream: StreamInfo;
  /** How alike the entity's and the stream's names are, 0..1. */
  readonly nameScore: number;
  /** The share of the entity's fields (required ones counted twice) the stream's columns fill. */
  readonly coverage: number;
  readonly by: 'name' | 'columns';
}

/**
 * Entity and stream names at least this alike pick a stream by name when its columns fill every
 * required field (`invoices` and `inv_hdr`), or whatever they fill when `STRONG_NAME` alike.
 */
const NAME_MIN = 0.6;
const STRONG_NAME = 0.75;

/** The columns that are keys, not data: the primary key and the columns of links to other streams. */
export function keyColumns(stream: StreamInfo, links: readonly SourceLink[]): Set<string> {
  return new Set([
    ...stream.primaryKey,
    ...links.filter((link) => link.from === stream.name).flatMap((link) => link.columns),
  ]);
}

/**
 * Picks each entity's source stream, each stream for one entity at most. First by name
 * (`customers` and `Customer`, `client`; `invoiceLines` and `inv_det`), best pairs first, with the
 * share of fields its columns fill and its row count breaking ties; then, for the entities left,
 * among the streams left, by columns alone: a stream that fills every required field and at least
 * two fields (Chinook's `Track` for `products`); last, a stream already taken may feed a second
 * entity that is a child record of its rows (see below). An entity with none is left out.
 */
export function chooseStreams(
  schema: SchemaDocument,
  streams: readonly StreamInfo[],
  links: readonly SourceLink[],
): StreamChoice[] {
  const tables = streams.filter((s) => s.kind !== 'query' && s.columns.length > 0);
  const candidates = schema.entities.flatMap((entity) =>
    tables.map((stream) => {
      const fit = columnFit(entity, stream, links);
      return { entity, stream, nameScore: nameSimilarity(entity.name, stream.name), ...fit };
    }),
  );
  const chosen: StreamChoice[] = [];
  const taken = (c: { entity: EntitySchema; stream: StreamInfo }) =>
    chosen.some((x) => x.entity === c.entity.name || x.stream === c.stream);
  const rows = (s: StreamInfo) => s.estimatedRows ?? 0;
  const byName = candidates
    .filter((c) => c.nameScore >= STRONG_NAME || (c.nameScore >= NAME_MIN && c.allRequired))
    .sort((a, b) => b.nameScore + b.coverage - (a.nameScore + a.coverage) || rows(b.stream) - rows(a.stream));
  for (const c of byName) {
    if (taken(c)) continue;
    chosen.push({
      entity: c.entity.name,
      stream: c.stream,
      nameScore: c.nameScore,
      coverage: c.coverage,
      by: 'name',
    });
  }
  const byColumns = candidates
    .filter((c) => c.allRequired && c.matched >= 2)
    .sort((a, b) => b.coverage - a.coverage || b.matched - a.matched || rows(b.stream) - rows(a.stream));
  for (const c of byColumns) {
    if (taken(c)) continue;
    chosen.push({
      entity: c.entity.name,
      stream: c.stream,
      nameScore: c.nameScore,
      coverage: c.coverage,
      by: 'columns',
    });
  }
  // A second entity from a stream another one reads: a row that is also a child record (a payment
  // per invoice row, an order row that is an invoice and its line), so only for an entity whose
  // required references the stream fills, and at least one.
  const streamOf = (name: string) => chosen.find((x) => x.entity === name)?.stream;
  const twice = candidates
    .filter((c) => c.allRequired && c.matched >= 2 && c.entity.references.some((r) => r.required))
    .sort((a, b) => b.coverage - a.coverage || b.matched - a.matched);
  for (const c of twice) {
    if (chosen.some((x) => x.entity === c.entity.name)) continue;
    const filled = new Set(matchReferences(c.entity, c.stream, links, streamOf).map((r) => r.name));
    if (!c.entity.references.every((r) => !r.required || filled.has(r.name))) continue;
    chosen.push({
      entity: c.entity.name,
      stream: c.stream,
      nameScore: c.nameScore,
      coverage: c.coverage,
      by: 'columns',
    });
  }
  const order = schema.entities.map((e) => e.name);
  return chosen.sort((a, b) => order.indexOf(a.entity) - order.indexOf(b.entity));
}

function columnFit(entity: EntitySchema, stream: StreamInfo, links: readonly SourceLink[]) {
  const matches = matchFields(entity, stream, keyColumns(stream, links));
  const filled = new Set(matches.map((m) => m.path.join('.')));
  let total = 0;
  let got = 0;
  let allRequired = true;
  for (const flat of flatFields(entity)) {
    const required = flat.field.required && (!flat.parent || flat.parent.required);
    const weight = (required ? 2 : 1) / (flat.parent?.fields?.length ?? 1);
    total += weight;
    if (filled.has(flat.path.join('.'))) got += weight;
    else if (required) allRequired = false;
  }
  return { coverage: total === 0 ? 0 : got / total, allRequired, matched: matches.length };
}
