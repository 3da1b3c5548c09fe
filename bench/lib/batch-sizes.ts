import Database from 'better-sqlite3';

/** How one entity of a run was cut into batches, from the run store's `onboard_batches`. */
export interface EntityBatches {
  readonly entity: string;
  readonly tasks: number;
  readonly batches: number;
  readonly rows: number;
  readonly minRows: number;
  readonly maxRows: number;
}

/** Batches per entity of the newest run in a SQLite run store, in the order they were first recorded. */
export function batchSizes(storeFile: string): EntityBatches[] {
  const db = new Database(storeFile, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT entity, count(DISTINCT task_id) AS tasks, count(*) AS batches, sum(rows_read) AS rows,
                min(rows_read) AS minRows, max(rows_read) AS maxRows
           FROM onboard_batches
          WHERE run_id = (SELECT run_id FROM onboard_batches ORDER BY recorded_at DESC LIMIT 1)
          GROUP BY entity ORDER BY min(recorded_at)`,
      )
      .all() as EntityBatches[];
  } finally {
    db.close();
  }
}
