import type { EntitySchema } from '@madeup/contract';
import type { StreamInfo } from '../../connectors/connector.ts';
import type { SourceLink } from './foreign-keys.ts';
import { tokenSimilarity } from './name-similarity.ts';
import { nameTokens } from './name-tokens.ts';

export interface ReferenceMatch {
  readonly name: string;
  /** The columns whose values are the parent's key, in the parent key's order. */
  readonly columns: readonly string[];
  readonly declared: boolean;
}

/**
 * Fills an entity's references from the source's links: a reference to entity E takes a link from
 * this stream to E's stream, the one whose column names are closest to the reference's name when
 * there are several (`acct_mgr_id` for `accountManager`). A reference to another entity read from
 * this same stream takes the stream's own key (a payment read from an invoice row refers to that
 * invoice). A column that names the reference closely enough and has the parent key's type is a
 * link too, for sources that declare none (`acct_mgr_id`).
 */
export function matchReferences(
  entity: EntitySchema,
  stream: StreamInfo,
  links: readonly SourceLink[],
  streamOf: (entity: string) => StreamInfo | undefined,
): ReferenceMatch[] {
  const matches: ReferenceMatch[] = [];
  const used = new Set<string>();
  for (const reference of entity.references) {
    const target = streamOf(reference.target);
    if (!target || target.primaryKey.length === 0) continue;
    const words = nameTokens(reference.name);
    const score = (columns: readonly string[]) =>
      tokenSimilarity(
        words,
        columns.flatMap((column) => nameTokens(column)),
      );
    const candidates = links
      .filter(
        (link) =>
          link.from === stream.name && link.target === target.name && !link.columns.some((c) => used.has(c)),
      )
      .map((link) => ({ link, score: score(link.columns) }))
      .sort((a, b) => b.score - a.score || Number(b.link.declared) - Number(a.link.declared));
    let chosen: ReferenceMatch | undefined;
    const best = candidates[0];
    const only = candidates.length === 1;
    if (best && (only || best.score > (candidates[1]?.score ?? 0) || best.score >= 0.6)) {
      const columns = target.primaryKey.map(
        (key) => best.link.columns[best.link.references.indexOf(key)] ?? '',
      );
      if (columns.every((c) => c !== ''))
        chosen = { name: reference.name, columns, declared: best.link.declared };
    }
    if (!chosen && target === stream && reference.target !== entity.name)
      chosen = { name: reference.name, columns: [...stream.primaryKey], declared: true };
    if (!chosen && target.primaryKey.length === 1) {
      const keyType = target.columns.find((c) => c.name === target.primaryKey[0])?.type;
      const named = stream.columns
        .filter((c) => !used.has(c.name) && !stream.primaryKey.includes(c.name) && c.type === keyType)
        .map((c) => ({ column: c.name, score: score([c.name]) }))
        .filter((c) => c.score >= 0.6)
        .sort((a, b) => b.score - a.score)[0];
      if (named) chosen = { name: reference.name, columns: [named.column], declared: false };
    }
    if (chosen) {
      matches.push(chosen);
      for (const column of chosen.columns) used.add(column);
    }
  }
  return matches;
}
