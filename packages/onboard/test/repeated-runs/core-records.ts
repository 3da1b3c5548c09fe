import type { RecordPage, UnresolvedPage } from '@madeup/contract';
import type { StoredValues } from './expected-record.ts';

/** Reads what a tenant's core holds, by its token. */
export interface CoreReader {
  readonly coreUrl: string;
  readonly token: string;
}

async function get<T>(reader: CoreReader, path: string): Promise<T> {
  const response = await fetch(new URL(path, reader.coreUrl), {
    headers: { authorization: `Bearer ${reader.token}` },
  });
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

/**
 * Every record of `entity` core holds for `source`, soft-deleted ones too, by external id: the
 * fields and references named in `names` (`GET /v1/records/{entity}?source=S`, page by page).
 */
export async function coreRecords(
  reader: CoreReader,
  entity: string,
  source: string,
  names: { readonly fields: readonly string[]; readonly refs: readonly string[] },
): Promise<Map<string, StoredValues>> {
  const records = new Map<string, StoredValues>();
  let after: string | undefined;
  do {
    const query = new URLSearchParams({ source, limit: '1000' });
    if (after !== undefined) query.set('after', after);
    const page = await get<RecordPage>(reader, `/v1/records/${entity}?${query}`);
    for (const item of page.items)
      records.set(item.externalId, {
        fields: Object.fromEntries(names.fields.map((name) => [name, item.fields[name] ?? null])),
        refs: Object.fromEntries(names.refs.map((name) => [name, item.refs[name] ?? null])),
        deleted: item.deletedAt != null,
      });
    after = page.next;
  } while (after !== undefined);
  return records;
}

/** How many references core keeps pending for `source`. */
export async function pendingReferences(reader: CoreReader, source: string): Promise<number> {
  return (await get<UnresolvedPage>(reader, `/v1/unresolved?source=${source}&limit=10`)).total;
}
