import type { SourceStats, UnresolvedPage } from '@madeup/contract';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import { runOnboardCommand } from '../distributed/coordinator.ts';

/** The counts a run's report gives for one entity. */
export interface ReportCounts {
  readonly read: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: number;
  readonly rejected: number;
}

/** What a run left behind: its report (from `onboard report --json`) and core's read-back of the tenant. */
export interface EndState {
  readonly status: string;
  /** Per entity, the report's counts. */
  readonly report: Readonly<Record<string, ReportCounts>>;
  /** Per entity, the reconciliation's verdict (`match`, `mismatch`, ...). */
  readonly reconciliation: Readonly<Record<string, string>>;
  /** Per entity, core's count and checksum (`GET /v1/stats`). */
  readonly core: Readonly<Record<string, { count: number; checksum: string }>>;
  /** References core still holds pending (`GET /v1/unresolved`). */
  readonly pending: number;
}

const SOURCE = 'vendor-x';

async function coreGet<T>(coreUrl: string, token: string, path: string): Promise<T> {
  const response = await fetch(`${coreUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

/** Reads a run's end state the way a user would: the report command, and core's read-back API. */
export async function endStateOf(
  storeUrl: string,
  runId: string,
  coreUrl: string,
  token: string,
): Promise<EndState> {
  const printed = await runOnboardCommand(['report', runId, '--store', storeUrl, '--json'], {}).done;
  if (printed.code !== 0)
    throw new Error(`onboard report ${runId} exited ${printed.code}: ${printed.stderr}`);
  const summary = JSON.parse(printed.stdout) as RunSummary;
  const stats = await coreGet<SourceStats>(coreUrl, token, `/v1/stats?source=${SOURCE}`);
  const unresolved = await coreGet<UnresolvedPage>(coreUrl, token, `/v1/unresolved?source=${SOURCE}&limit=1`);
  return {
    status: summary.status,
    report: Object.fromEntries(
      summary.entities.map((e) => [
        e.entity,
        {
          read: e.read,
          created: e.created,
          updated: e.updated,
          unchanged: e.unchanged,
          skipped: e.skipped,
          rejected: e.rejected,
        },
      ]),
    ),
    reconciliation: Object.fromEntries(summary.reconciliation.map((r) => [r.entity, r.status])),
    core: Object.fromEntries(stats.entities.map((e) => [e.entity, { count: e.count, checksum: e.checksum }])),
    pending: unresolved.total,
  };
}

/**
 * Every way `after` differs from the clean run's `clean`, one line each, naming the invariant:
 * `status`, `report counts`, `reconciliation`, `core checksums`, `pending references`. Empty when
 * the round is exact.
 */
export function violations(after: EndState, clean: EndState): string[] {
  const found: string[] = [];
  if (after.status !== 'succeeded') found.push(`status: the run ended ${after.status}`);
  const entities = new Set([...Object.keys(clean.report), ...Object.keys(after.report)]);
  for (const entity of entities) {
    const [got, want] = [after.report[entity], clean.report[entity]];
    const differing = (Object.keys(want ?? got ?? {}) as (keyof ReportCounts)[]).filter(
      (k) => got?.[k] !== want?.[k],
    );
    if (differing.length > 0)
      found.push(
        `report counts: ${entity} ${differing.map((k) => `${k} ${got?.[k]} (clean ${want?.[k]})`).join(', ')}`,
      );
  }
  for (const [entity, verdict] of Object.entries(after.reconciliation))
    if (verdict !== 'match') found.push(`reconciliation: ${entity} ${verdict}`);
  for (const entity of new Set([...Object.keys(clean.core), ...Object.keys(after.core)])) {
    const [got, want] = [after.core[entity], clean.core[entity]];
    if (got?.count !== want?.count || got?.checksum !== want?.checksum)
      found.push(
        `core checksums: ${entity} ${got?.count}/${got?.checksum} (clean ${want?.count}/${want?.checksum})`,
      );
  }
  if (after.pending !== clean.pending)
    found.push(`pending references: ${after.pending} (clean ${clean.pending})`);
  return found;
}
