import { basename } from 'node:path';
import { redactUrl } from '../config/redact-url.ts';
import { type RunMode, runMode } from '../pipeline/run-mode.ts';
import type { EntityReconciliation } from '../pipeline/run-summary.ts';
import type { EntityCounts } from '../store/run-counts.ts';
import type { RowCounts, RunRecord, RunStatus } from '../store/run-records.ts';
import type { RunStore } from '../store/run-store.ts';

/** Per reconciliation status, how many entities of a run ended in it. */
export type ReconciliationGlance = Readonly<Record<EntityReconciliation['status'], number>>;

/** One run as the runs page lists it: nothing secret (the source URL's password masked). */
export interface RunListItem extends RowCounts {
  readonly id: string;
  readonly tenant: string | null;
  readonly mapping: string;
  readonly mappingPath: string;
  readonly sourceName: string;
  readonly source: string;
  readonly mode: RunMode;
  readonly status: RunStatus;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** Null until the run reconciled (it ended). */
  readonly reconciliation: ReconciliationGlance | null;
}

const sum = (totals: readonly EntityCounts[], key: Exclude<keyof EntityCounts, 'entity'>): number =>
  totals.reduce((n, t) => n + t[key], 0);

/** A run and its totals as the runs page lists it. */
export function listItem(run: RunRecord, totals: readonly EntityCounts[]): RunListItem {
  return {
    id: run.id,
    tenant: run.tenantId,
    mapping: basename(run.mappingPath),
    mappingPath: run.mappingPath,
    sourceName: run.sourceName,
    // Stored without a password already; masked again so a store written otherwise shows none either.
    source: redactUrl(run.sourceUrl),
    mode: runMode(run),
    status: run.status,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    read: sum(totals, 'read'),
    created: sum(totals, 'created'),
    updated: sum(totals, 'updated'),
    unchanged: sum(totals, 'unchanged'),
    skipped: sum(totals, 'skipped'),
    rejected: sum(totals, 'rejected'),
    reconciliation: glance(reconciliationOf(run)),
  };
}

/** The run's stored reconciliation, or an empty list before it has one. */
export function reconciliationOf(run: RunRecord): readonly EntityReconciliation[] {
  return Array.isArray(run.reconciliation) ? (run.reconciliation as EntityReconciliation[]) : [];
}

function glance(rows: readonly EntityReconciliation[]): ReconciliationGlance | null {
  if (rows.length === 0) return null;
  const counts = { match: 0, mismatch: 0, unavailable: 0, skipped: 0 };
  for (const row of rows) counts[row.status] += 1;
  return counts;
}

/** The newest runs of the store (every tenant), with their totals. */
export async function listRunItems(store: RunStore, limit: number): Promise<RunListItem[]> {
  const runs = await store.listRuns(limit);
  const counts = await store.entityCounts(runs.map((run) => run.id));
  return runs.map((run) => listItem(run, counts.get(run.id) ?? []));
}
