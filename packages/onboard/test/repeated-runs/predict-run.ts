import { rowValues, sameValues } from './expected-record.ts';
import type { ShopModel } from './shop-model.ts';
import { SHOP_ENTITIES, type ShopEntity } from './shop-rows.ts';

export type RunKind = 'full' | 'incremental' | 'mirror' | 'dry-run';

export interface ExpectedCounts {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  rejected: number;
}

/** What a run should report, per entity. */
export interface ExpectedRun {
  readonly counts: Record<ShopEntity, ExpectedCounts>;
  /** Records a mirror run marks deleted; undefined for other runs. */
  readonly deleted?: Record<ShopEntity, number>;
  /** Reconciliation of each entity the run read a row of. */
  readonly reconciliation: Partial<Record<ShopEntity, 'match' | 'mismatch' | 'skipped'>>;
}

/**
 * The oracle: what a run of `kind` reads, reports and leaves in core, from docs/running.md alone,
 * applied to the model (core's records and the watermarks) unless it is a dry run.
 *
 * - Every run reads each entity whole, except an incremental run, which reads only rows whose
 *   cursor is greater than the stream's watermark once there is one ("Incremental runs").
 * - Per record: rejected when core refuses its fields, or (not in a dry run, which defers every
 *   reference) when its customer is no record of core's, live or soft-deleted; else created when
 *   core has no record, updated when core's differs or is marked deleted (a restore), unchanged
 *   otherwise (docs/core.md, "Import semantics"). Parents load before children.
 * - A successful run that is not a dry run moves each watermark to the largest cursor it read.
 * - A mirror run then marks deleted, children first, each live record whose row is gone from the
 *   source; a rejected row still exists, so its record stays ("Mirror runs").
 * - Reconciliation: skipped for a dry run and for an entity read past a watermark; otherwise a
 *   match exactly when core's live records are the ones this run loaded.
 */
export function predictRun(model: ShopModel, kind: RunKind): ExpectedRun {
  const dry = kind === 'dry-run';
  const counts = {} as Record<ShopEntity, ExpectedCounts>;
  const loaded = {} as Record<ShopEntity, Set<string>>;
  const reconciliation: ExpectedRun['reconciliation'] = {};
  for (const entity of SHOP_ENTITIES) {
    const mark = model.watermarks.get(entity);
    const past = kind === 'incremental' && mark !== undefined;
    const rows = [...model.rows[entity].values()].filter((row) => !past || row.changedAt > mark);
    const c: ExpectedCounts = {
      read: rows.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      rejected: 0,
    };
    const accepted = new Set<string>();
    for (const row of rows) {
      const id = String(row.id);
      const values = rowValues(entity, row, model.zoneOffset);
      const parent = values?.refs['customer'];
      if (values === undefined || (!dry && parent != null && !model.core.customers.has(parent))) {
        c.rejected += 1;
        continue;
      }
      const stored = model.core[entity].get(id);
      const outcome =
        stored === undefined
          ? 'created'
          : stored.deleted || !sameValues(stored, values)
            ? 'updated'
            : 'unchanged';
      c[outcome] += 1;
      accepted.add(id);
      if (!dry) model.core[entity].set(id, { ...values, deleted: false });
    }
    counts[entity] = c;
    loaded[entity] = accepted;
    if (!dry && rows.length > 0)
      model.watermarks.set(entity, Math.max(mark ?? 0, ...rows.map((row) => row.changedAt)));
    if (rows.length > 0 && (dry || past)) reconciliation[entity] = 'skipped';
  }
  let deleted: Record<ShopEntity, number> | undefined;
  if (kind === 'mirror') {
    deleted = { customers: 0, invoices: 0 };
    for (const entity of [...SHOP_ENTITIES].reverse()) {
      for (const [id, stored] of model.core[entity]) {
        if (stored.deleted || model.rows[entity].has(Number(id))) continue;
        model.core[entity].set(id, { ...stored, deleted: true });
        deleted[entity] += 1;
      }
    }
  }
  for (const entity of SHOP_ENTITIES) {
    if (counts[entity].read === 0 || reconciliation[entity] !== undefined) continue;
    const live = [...model.core[entity]].filter(([, stored]) => !stored.deleted).map(([id]) => id);
    const same = live.length === loaded[entity].size && live.every((id) => loaded[entity].has(id));
    reconciliation[entity] = same ? 'match' : 'mismatch';
  }
  return { counts, ...(deleted === undefined ? {} : { deleted }), reconciliation };
}
