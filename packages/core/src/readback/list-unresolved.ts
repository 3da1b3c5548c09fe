import type { UnresolvedPage, UnresolvedReference } from '@madeup/contract';
import type { Model } from '../model/model.ts';
import type { Db, Row } from '../storage/dynamic-database.ts';

/** References stored pending (parent external id known, parent not yet imported), per source. */
export async function listUnresolved(
  db: Db,
  model: Model,
  source: string | undefined,
  limit: number,
): Promise<UnresolvedPage> {
  const items: UnresolvedReference[] = [];
  let total = 0;
  for (const entity of model.entities)
    for (const ref of entity.refs) {
      let base = db
        .selectFrom(entity.table)
        .where(ref.idColumn, 'is', null)
        .where(ref.xidColumn, 'is not', null);
      if (source !== undefined) base = base.where('source', '=', source);
      const counted = (await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()) as
        | Row
        | undefined;
      const n = Number(counted?.['n'] ?? 0);
      total += n;
      if (n === 0 || items.length >= limit) continue;
      const rows = (await base
        .select(['external_id', ref.xidColumn])
        .orderBy('id')
        .limit(limit - items.length)
        .execute()) as Row[];
      for (const row of rows)
        items.push({
          entity: entity.name,
          externalId: String(row['external_id']),
          ref: ref.name,
          targetEntity: ref.target,
          targetExternalId: String(row[ref.xidColumn]),
        });
    }
  return { items, total };
}
