import type { RecordPage } from '@madeup/contract';
import { decodeRow } from '../import/stored-record.ts';
import type { CompiledEntity } from '../model/compiled-entity.ts';
import { timestampKind } from '../model/kinds/timestamp-kind.ts';
import type { Db, Row } from '../storage/dynamic-database.ts';
import { recordView } from './record-view.ts';

/** Keyset paging by core id; the cursor is opaque to clients. */
export function encodeCursor(id: string): string {
  return Buffer.from(`id:${id}`).toString('base64url');
}

/** The id a cursor stands for, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): string | undefined {
  const text = Buffer.from(cursor, 'base64url').toString();
  return /^id:\d{1,20}$/.test(text) ? text.slice(3) : undefined;
}

/** One page of an entity's records, optionally of one source, in id order. */
export async function listRecords(
  db: Db,
  entity: CompiledEntity,
  options: { source?: string; afterId?: string; limit: number },
): Promise<RecordPage> {
  let query = db
    .selectFrom(entity.table)
    .selectAll()
    .orderBy('id')
    .limit(options.limit + 1);
  if (options.source !== undefined) query = query.where('source', '=', options.source);
  if (options.afterId !== undefined) query = query.where('id', '>', options.afterId);
  const rows = (await query.execute()) as Row[];
  const page = rows.slice(0, options.limit);
  const items = page.map((row) =>
    recordView(entity, String(row['source']), decodeRow(entity, row, timestampKind.fromDb)),
  );
  const last = items.at(-1);
  return rows.length > options.limit && last !== undefined
    ? { items, next: encodeCursor(last.id) }
    : { items };
}
