import fc from 'fast-check';
import { type AfterKill, CrashRun } from './crash-run.ts';
import type { KillMoment, KillTarget } from './onboard-child.ts';
import type { RunKind } from './predict-run.ts';
import { RunOnboard } from './run-onboard.ts';
import type { ShopModel } from './shop-model.ts';
import type { ShopWorld } from './shop-world.ts';
import { applyChange, type SourceChange, sourceChange, sourceInsert } from './source-changes.ts';

/** Changes the source between runs: a few rows at once. */
export class ChangeSource implements fc.AsyncCommand<ShopModel, ShopWorld> {
  readonly changes: readonly SourceChange[];
  constructor(changes: readonly SourceChange[]) {
    this.changes = changes;
  }
  check = () => true;
  async run(model: ShopModel, world: ShopWorld): Promise<void> {
    for (const change of this.changes) await applyChange(model, world, change);
  }
  toString(): string {
    return `change(${this.changes.map((change) => JSON.stringify(change)).join(', ')})`;
  }
}

const RUN_KINDS: readonly RunKind[] = ['full', 'incremental', 'mirror', 'dry-run'];

const changes = fc.array(sourceChange, { minLength: 1, maxLength: 3 }).map((list) => new ChangeSource(list));
const run = fc.constantFrom(...RUN_KINDS).map((kind) => new RunOnboard(kind));

/** A sequence of changes (1-3 rows each) and runs, about half of each. */
export const shopCommands = (maxCommands: number) =>
  fc.commands([changes, run], { maxCommands, size: 'max' });

/** The requests a kill of a run of `kind` may count: those the run makes, imports most often. */
const TARGETS: Record<RunKind, readonly KillTarget[]> = {
  full: ['import', 'import', 'import', 'stats', 'any'],
  incremental: ['import', 'import', 'import', 'stats', 'any'],
  mirror: ['import', 'import', 'delete', 'delete', 'records', 'records', 'stats', 'any'],
  'dry-run': ['import', 'import', 'import', 'any'],
};

/**
 * A run of any kind killed at one of its first imports (most often), deletions, listings of core's
 * records, stats requests, or requests of any kind (the first 3 come before the run is stored):
 * before core saw it, before the run saw core's answer, or 0-40 ms after; then, at once, resumed
 * (half the time), or followed by an incremental run, or left as it is.
 */
const crash = fc
  .constantFrom(...RUN_KINDS)
  .chain((kind) =>
    fc.record({
      kind: fc.constant(kind),
      target: fc.constantFrom(...TARGETS[kind]),
      nth: fc.oneof({ weight: 3, arbitrary: fc.nat(3) }, { weight: 1, arbitrary: fc.nat(12) }),
      moment: fc.constantFrom<KillMoment>('unsent', 'unanswered', 'answered'),
      delayMs: fc.constantFrom(0, 5, 40),
      after: fc.constantFrom<AfterKill>('resume', 'resume', 'incremental', 'none'),
    }),
  )
  .map(({ kind, after, ...point }) => new CrashRun(kind, point, after));

/**
 * A first change inserting 3-8 rows (so that the first kills find something to load), then a sequence of
 * changes, runs, and runs killed (and maybe resumed), a third of each.
 */
export const crashCommands = (maxCommands: number) =>
  fc.tuple(
    fc.array(sourceInsert, { minLength: 3, maxLength: 8 }).map((list) => new ChangeSource(list)),
    fc.commands([changes, run, crash], { maxCommands, size: 'max' }),
  );
