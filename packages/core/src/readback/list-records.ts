import type { RecordPage } from '@madeup/contract';
import { isExternalId } from '../import/parse-record.ts';
import { decodeRow } from '../import/stored-record.ts';
import type { CompiledEntity } from '../model/compiled-entity.ts';
import { timestampKind } from '../model/kinds/timestamp-kind.ts';
import type { Db, Row } from '../storage/dynamic-database.ts';
import { recordView } from './record-view.ts';

/**
 * Where a page starts. Keyset paging: by core id over all sources, by external id within one
 * source (the unique (source, external_id) index serves that range in order on every dialect; an
 * id range filtered by source made SQLite read the source's every row and sort them, per page).
 */
export type Cursor =
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'xid'; readonly externalId: string };

/** The opaque form clients see. */
export function encodeCursor(cursor: Cursor): string {
  const text = cursor.kind === 'id' ? `id:${cursor.id}` : `x:${cursor.externalId}`;
  return Buffer.from(text).toString('base64url');
}

/** The cursor a client sent, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): Cursor | undefined {
  const text = Buffer.from(cursor, 'base64url').toString();
  if (/^id:\d{1,19}$/.test(text) && BigInt(text.slice(3)) <= MAX_ID) return { kind: 'id', id: text.slice(3) };
  // Only an id core could have stored (well formed, no NUL): anything else cannot come from a page.
  if (text.startsWith('x:') && isExternalId(text.slice(2))) return { kind: 'xid', externalId: text.slice(2) };
  return undefined;
}

/** The largest id a 64-bit signed id column holds. */
const MAX_ID = 9_223_372_036_854_775_807n;

/**
 * One page of an entity's records: of every source in id order, or of one source in external-id
 * order. A cursor of the other kind is refused (undefined) by the caller's check first.
 */
export async function listRecords(
  db: Db,
  entity: CompiledEntity,
  options: { source?: string; after?: Cursor; limit: number },
): Promise<RecordPage> {
  const bySource = options.source !== undefined;
  let query = db
    .selectFrom(entity.table)
    .selectAll()
    .orderBy(bySource ? 'external_id' : 'id')
    .limit(options.limit + 1);
  if (options.source !== undefined) query = query.where('source', '=', options.source);
  const after = options.after;
  if (after?.kind === 'id') query = query.where('id', '>', after.id);
  if (after?.kind === 'xid') query = query.where('external_id', '>', after.externalId);
  const rows = (await query.execute()) as Row[];
  const page = rows.slice(0, options.limit);
  const items = page.map((row) =>
    recordView(entity, String(row['source']), decodeRow(entity, row, timestampKind.fromDb)),
  );
  const last = items.at(-1);
  return rows.length > options.limit && last !== undefined
    ? {
        items,
        next: encodeCursor(
          bySource ? { kind: 'xid', externalId: last.externalId } : { kind: 'id', id: last.id },
        ),
      }
    : { items };
}
