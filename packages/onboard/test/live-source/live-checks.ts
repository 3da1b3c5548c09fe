import { expect } from 'vitest';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import type { StoredValues } from '../repeated-runs/expected-record.ts';
import type { SourceCustomer } from './source-customers.ts';

/** The fields core keeps for a source row (docs/mappings.md: each column as it is). */
function expectedFields(row: SourceCustomer): Record<string, unknown> {
  return { firstName: row.firstName, lastName: row.lastName, email: row.email, phone: row.phone };
}

/**
 * What an incremental run (or any run but a mirror run) leaves: every row of the source as a
 * live record with the row's values, and nothing else but records of rows deleted from the source
 * (only a mirror run marks those deleted: docs/running.md, "Mirror runs"), which `mirrored` says
 * must now be marked deleted.
 */
export function expectTenantEqualsSource(
  source: ReadonlyMap<string, SourceCustomer>,
  core: ReadonlyMap<string, StoredValues>,
  deleted: ReadonlySet<string>,
  when: string,
  mirrored = false,
): void {
  const missing: string[] = [];
  const wrong: { id: string; source: unknown; core: unknown }[] = [];
  for (const [id, row] of source) {
    const record = core.get(id);
    if (record === undefined || record.deleted) missing.push(id);
    else if (JSON.stringify(record.fields) !== JSON.stringify(expectedFields(row)))
      wrong.push({ id, source: expectedFields(row), core: record.fields });
  }
  const extra = [...core.keys()].filter((id) => !source.has(id) && !deleted.has(id));
  const notMarked = mirrored
    ? [...core].filter(([id, record]) => !source.has(id) && !record.deleted).map(([id]) => id)
    : [];
  expect({ missing, wrong, extra, notMarked }, when).toEqual({
    missing: [],
    wrong: [],
    extra: [],
    notMarked: [],
  });
}

/** Ids of core's live records. */
export function liveIds(core: ReadonlyMap<string, StoredValues>): Set<string> {
  return new Set([...core].filter(([, record]) => !record.deleted).map(([id]) => id));
}

/**
 * The counts of the quiet run after the overlapping one: it creates exactly the records core did
 * not hold yet (no phantom creates of rows already written), rejects nothing, and reads, updates
 * at most the rows the writer inserted or changed.
 */
export function expectPlausibleCounts(
  summary: RunSummary,
  created: number,
  touched: number,
  when: string,
): void {
  // An entity the run read nothing of may be left out of the summary.
  const totals = summary.entities.find((entity) => entity.entity === 'customers') ?? {
    read: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    rejected: 0,
  };
  expect(
    {
      created: totals.created,
      rejected: totals.rejected,
      sum: totals.created + totals.updated + totals.unchanged + totals.skipped + totals.rejected,
      readAtMostTouched: totals.read <= touched,
    },
    when,
  ).toEqual({ created, rejected: 0, sum: totals.read, readAtMostTouched: true });
}
