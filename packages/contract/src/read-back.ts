/**
 * Read-back endpoints, so a loader can reconcile what it sent:
 * - `GET /v1/records/{entity}?source=S&after=CURSOR&limit=N` -> `RecordPage`
 * - `GET /v1/records/{entity}/{source}/{externalId}` -> `RecordView`
 * - `GET /v1/stats?source=S` -> `SourceStats` (counts and checksum per entity)
 * - `GET /v1/unresolved?source=S` -> `UnresolvedPage` (deferred references still pending)
 */

/** A stored record as core returns it. */
export interface RecordView {
  readonly id: string;
  readonly entity: string;
  readonly source: string;
  readonly externalId: string;
  readonly fields: Readonly<Record<string, unknown>>;
  /** Reference name -> parent external id (resolved or pending), or null. */
  readonly refs: Readonly<Record<string, string | null>>;
  readonly contentHash: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Set when a mirror run marked the record as gone from the source. */
  readonly deletedAt?: string | null;
}

export interface RecordPage {
  readonly items: readonly RecordView[];
  /** Pass as `after` for the next page; absent on the last page. */
  readonly next?: string;
}

/** Count and order-independent checksum of one entity's records from one source. */
export interface EntityStats {
  readonly entity: string;
  readonly count: number;
  /** `combineChecksum` over (externalId, contentHash) of every record. */
  readonly checksum: string;
}

export interface SourceStats {
  readonly source: string;
  readonly entities: readonly EntityStats[];
}

/** A reference stored as pending because its parent had not arrived. */
export interface UnresolvedReference {
  readonly entity: string;
  readonly externalId: string;
  readonly ref: string;
  readonly targetEntity: string;
  readonly targetExternalId: string;
}

export interface UnresolvedPage {
  readonly items: readonly UnresolvedReference[];
  readonly total: number;
}
