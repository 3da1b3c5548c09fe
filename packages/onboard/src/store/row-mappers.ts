import type { Transaction } from 'kysely';
import type { SourceValue } from '../connectors/value.ts';
import type { BatchResult, Checkpoint, Rejection, RunRecord, RunStatus } from './run-records.ts';
import type { StoreDatabase } from './store-schema.ts';

/** Rows per multi-row INSERT, under every dialect's bound-parameter limit. */
export const INSERT_CHUNK = 400;

/** Inserts a batch's rejections in multi-row statements. */
export async function insertRejections(trx: Transaction<StoreDatabase>, batch: BatchResult): Promise<void> {
  for (let i = 0; i < batch.rejections.length; i += INSERT_CHUNK) {
    const values = batch.rejections.slice(i, i + INSERT_CHUNK).map((r) => ({
      run_id: batch.runId,
      task_id: batch.taskId,
      seq: batch.seq,
      position: r.position,
      entity: r.entity,
      external_id: r.externalId,
      stage: r.stage,
      errors_json: JSON.stringify(r.errors),
      row_json: rejectionRowJson(r.row),
    }));
    await trx.insertInto('onboard_rejections').values(values).execute();
  }
}

/** A rejected row's JSON; a row too deeply nested to serialise is kept as the reason it is not. */
export function rejectionRowJson(row: unknown): string {
  try {
    return JSON.stringify(row ?? null);
  } catch (error) {
    return JSON.stringify({ unserialisable: error instanceof Error ? error.message : String(error) });
  }
}

/** A task's checkpoint from its two columns. */
export function toCheckpoint(seq: number | null, after: string | null): Checkpoint | null {
  if (seq === null) return null;
  return { seq: Number(seq), after: after === null ? null : (JSON.parse(after) as SourceValue[]) };
}

/** A run from its row. */
export function toRun(row: StoreDatabase['onboard_runs']): RunRecord {
  return {
    id: row.id,
    status: row.status as RunStatus,
    sourceName: row.source_name,
    sourceUrl: row.source_url,
    coreUrl: row.core_url,
    tenantId: row.tenant_id ?? null,
    mappingPath: row.mapping_path,
    mappingHash: row.mapping_hash,
    schemaVersion: row.schema_version,
    dryRun: Number(row.dry_run) === 1,
    options: JSON.parse(row.options_json) as Record<string, unknown>,
    phases: JSON.parse(row.plan_json) as string[][],
    reconciliation:
      row.reconciliation_json === null ? null : (JSON.parse(row.reconciliation_json) as unknown),
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    mergesPending: Number(row.merges_pending) === 1,
  };
}

/** A stored rejection as the store's readers give it. */
export function toRejection(row: StoreDatabase['onboard_rejections']): Rejection {
  return {
    position: Number(row.position),
    entity: row.entity,
    externalId: row.external_id,
    stage: row.stage as Rejection['stage'],
    errors: JSON.parse(row.errors_json) as Rejection['errors'],
    row: JSON.parse(row.row_json) as unknown,
  };
}
