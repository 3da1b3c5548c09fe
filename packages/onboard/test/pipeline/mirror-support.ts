import type { RecordPage } from '@madeup/contract';
import Database from 'better-sqlite3';

/** Deletes every `every`-th payment and invoice line from a Vendor X SQLite file; returns their ids per entity. */
export function dropLeaves(file: string, every: number): Record<string, string[]> {
  const db = new Database(file);
  try {
    const drop = (table: string, key: string): string[] => {
      const ids = (db.prepare(`SELECT ${key} AS id FROM ${table} ORDER BY ${key}`).all() as { id: number }[])
        .map((r) => r.id)
        .filter((_, i) => i % every === every - 1);
      const statement = db.prepare(`DELETE FROM ${table} WHERE ${key} = ?`);
      for (const id of ids) statement.run(id);
      return ids.map(String).sort();
    };
    return { payments: drop('pmt', 'pmt_id'), invoiceLines: drop('inv_det', 'inv_det_id') };
  } finally {
    db.close();
  }
}

/** The external ids of the records of `entity` that core marked deleted for the tenant, sorted. */
export async function deletedIds(coreUrl: string, token: string, entity: string): Promise<string[]> {
  const deleted: string[] = [];
  let after: string | undefined;
  do {
    const query = new URLSearchParams({ source: 'vendor-x', limit: '1000' });
    if (after !== undefined) query.set('after', after);
    const response = await fetch(new URL(`/v1/records/${entity}?${query}`, coreUrl), {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status !== 200) throw new Error(`core answered ${response.status} listing ${entity}`);
    const page = (await response.json()) as RecordPage;
    for (const item of page.items) if (item.deletedAt != null) deleted.push(item.externalId);
    after = page.next;
  } while (after !== undefined);
  return deleted.sort();
}
