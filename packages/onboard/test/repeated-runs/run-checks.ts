import { expect } from 'vitest';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import type { ExpectedCounts, ExpectedRun, RunKind } from './predict-run.ts';
import type { ShopModel } from './shop-model.ts';
import { SHOP_ENTITIES } from './shop-rows.ts';
import type { ShopWorld } from './shop-world.ts';

const NONE: ExpectedCounts = { read: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, rejected: 0 };

/**
 * A run's summary against the model's prediction: it succeeded, each entity's counts (an entity
 * the run read no row of may be left out), the records a mirror run deleted, and each entity's
 * reconciliation.
 */
export function expectRun(kind: RunKind, summary: RunSummary, expected: ExpectedRun): void {
  expect(summary.status, `${kind} run status`).toBe('succeeded');
  expect(summary.dryRun).toBe(kind === 'dry-run');
  const counts = Object.fromEntries(
    SHOP_ENTITIES.map((entity) => {
      const t = summary.entities.find((e) => e.entity === entity);
      const c = t === undefined ? NONE : t;
      return [
        entity,
        {
          read: c.read,
          created: c.created,
          updated: c.updated,
          unchanged: c.unchanged,
          skipped: c.skipped,
          rejected: c.rejected,
        },
      ];
    }),
  );
  expect(counts, `counts of a ${kind} run`).toEqual(expected.counts);
  const deleted = summary.mirror && Object.fromEntries(summary.mirror.map((m) => [m.entity, m.deleted]));
  expect(deleted, `records a ${kind} run marked deleted`).toEqual(expected.deleted);
  const reconciled = Object.fromEntries(
    summary.reconciliation
      .filter((r) => (summary.entities.find((t) => t.entity === r.entity)?.read ?? 0) > 0)
      .map((r) => [r.entity, r.status]),
  );
  expect(reconciled, `reconciliation of a ${kind} run`).toEqual(expected.reconciliation);
}

/** Core's records for the tenant, soft-deleted ones too, equal the model's; nothing is left pending. */
export async function expectCore(world: ShopWorld, model: ShopModel, after: string): Promise<void> {
  for (const entity of SHOP_ENTITIES) {
    const actual = Object.fromEntries([...(await world.records(entity))].sort(byId));
    const wanted = Object.fromEntries([...model.core[entity]].sort(byId));
    expect(actual, `core's ${entity} after ${after}`).toEqual(wanted);
  }
  expect(await world.pending(), `references left pending after ${after}`).toBe(0);
}

const byId = ([a]: [string, unknown], [b]: [string, unknown]) => Number(a) - Number(b);
