/**
 * Mirror runs: `POST /v1/import/{entity}/delete` with a tenant token marks records that vanished
 * from the source as deleted (a soft delete: `RecordView.deletedAt` is set; stats no longer count
 * them). Importing the record again restores it (outcome `updated`).
 *
 * Query: `dryRun=true` reports without writing. Headers: `Idempotency-Key` as for imports.
 */
export interface DeleteBatchRequest {
  /** The source system the external ids belong to. */
  readonly source: string;
  /** At most `SchemaDocument.maxBatchRecords` ids. */
  readonly externalIds: readonly string[];
}

/** `deleted`: marked now; `unchanged`: was already marked; `not_found`: no such record. */
export type DeleteOutcome = 'deleted' | 'unchanged' | 'not_found';

export interface DeleteResult {
  readonly externalId: string;
  readonly outcome: DeleteOutcome;
}

/** The response body, results in input order. */
export interface DeleteBatchResponse {
  readonly entity: string;
  readonly source: string;
  readonly dryRun: boolean;
  readonly counts: { readonly deleted: number; readonly unchanged: number; readonly not_found: number };
  readonly results: readonly DeleteResult[];
}
