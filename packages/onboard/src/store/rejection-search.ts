import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { toRejection } from './row-mappers.ts';
import type { Rejection } from './run-records.ts';
import type { StoreDatabase } from './store-schema.ts';

/** Which rejected records of a run to show: all of one entity, of one error code, matching a text. */
export interface RejectionFilter {
  readonly entity?: string;
  readonly code?: string;
  /** Found in the external id, a reason (field, code, message) or a source value; any case. */
  readonly text?: string;
}

/** How often one reason (entity, field, code) rejected a record of a run. */
export interface RejectionReason {
  readonly entity: string;
  readonly field: string;
  readonly code: string;
  readonly count: number;
}

/** `text` as a LIKE pattern that matches it literally anywhere (`\` escapes `%`, `_` and itself). */
function containing(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function whereFilter(db: Kysely<StoreDatabase>, runId: string, filter: RejectionFilter) {
  let query = db.selectFrom('onboard_rejections').where('run_id', '=', runId);
  if (filter.entity !== undefined) query = query.where('entity', '=', filter.entity);
  if (filter.code !== undefined) {
    // errors_json is JSON.stringify's text: `"code":"VALUE"` with no spaces; the code is JSON-quoted too.
    const needle = `%"code":${JSON.stringify(filter.code).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<SqlBool>`errors_json like ${needle} escape '\\'`);
  }
  if (filter.text !== undefined && filter.text !== '') {
    const pattern = containing(filter.text);
    const like = (column: string): Expression<SqlBool> =>
      sql<SqlBool>`lower(coalesce(${sql.ref(column)}, '')) like ${pattern} escape '\\'`;
    query = query.where((eb) => eb.or([like('external_id'), like('errors_json'), like('row_json')]));
  }
  return query;
}

/** A page of a run's rejected records that pass `filter`, in the store's stable order. */
export async function searchRejections(
  db: Kysely<StoreDatabase>,
  runId: string,
  filter: RejectionFilter,
  limit: number,
  offset: number,
): Promise<Rejection[]> {
  const rows = await whereFilter(db, runId, filter)
    .selectAll()
    .orderBy('entity')
    .orderBy('task_id')
    .orderBy('seq')
    .orderBy('position')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map(toRejection);
}

/** How many of a run's rejected records pass `filter`. */
export async function countRejections(
  db: Kysely<StoreDatabase>,
  runId: string,
  filter: RejectionFilter,
): Promise<number> {
  const row = await whereFilter(db, runId, filter)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

const REASON_PAGE = 5000;

/** Every reason that rejected a record of the run, with its count, most frequent first. */
export async function queryRejectionReasons(
  db: Kysely<StoreDatabase>,
  runId: string,
): Promise<RejectionReason[]> {
  const counts = new Map<string, RejectionReason>();
  for (let offset = 0; ; offset += REASON_PAGE) {
    const page = await db
      .selectFrom('onboard_rejections')
      .select(['entity', 'errors_json'])
      .where('run_id', '=', runId)
      .orderBy('task_id')
      .orderBy('seq')
      .orderBy('position')
      .limit(REASON_PAGE)
      .offset(offset)
      .execute();
    for (const row of page) {
      for (const error of JSON.parse(row.errors_json) as { field: string; code: string }[]) {
        const key = JSON.stringify([row.entity, error.field, error.code]);
        const known = counts.get(key);
        counts.set(key, {
          entity: row.entity,
          field: error.field,
          code: error.code,
          count: (known?.count ?? 0) + 1,
        });
      }
    }
    if (page.length < REASON_PAGE) break;
  }
  return [...counts.values()].sort(
    (a, b) => b.count - a.count || a.entity.localeCompare(b.entity) || a.code.localeCompare(b.code),
  );
}
