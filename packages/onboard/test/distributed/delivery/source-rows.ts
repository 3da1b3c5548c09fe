import { readFile } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { parse } from 'yaml';
import { MAPPING } from '../../pipeline/pipeline-support.ts';

/**
 * Per entity of the Vendor X mapping, the rows of its stream in the SQLite source `sqlite:PATH`:
 * what a run must read, each row once. Counted with SQL on the source, not by onboard.
 */
export async function sourceRows(source: string): Promise<Record<string, number>> {
  const mapping = parse(await readFile(MAPPING, 'utf8')) as { entities: Record<string, { stream: string }> };
  const db = new Database(source.replace(/^sqlite:/, ''), { readonly: true });
  try {
    return Object.fromEntries(
      Object.entries(mapping.entities).map(([entity, { stream }]) => {
        const row = db.prepare(`SELECT count(*) AS n FROM "${stream.replace(/"/g, '""')}"`).get() as {
          n: number;
        };
        return [entity, row.n];
      }),
    );
  } finally {
    db.close();
  }
}
