import fc from 'fast-check';
import { predictRun, type RunKind } from './predict-run.ts';
import { expectCore, expectRun } from './run-checks.ts';
import type { ShopModel } from './shop-model.ts';
import type { ShopWorld } from './shop-world.ts';
import { applyChange, type SourceChange, sourceChange } from './source-changes.ts';

/** Changes the source between runs: a few rows at once. */
export class ChangeSource implements fc.AsyncCommand<ShopModel, ShopWorld> {
  readonly changes: readonly SourceChange[];
  constructor(changes: readonly SourceChange[]) {
    this.changes = changes;
  }
  check = () => true;
  async run(model: ShopModel, world: ShopWorld): Promise<void> {
    for (const change of this.changes) applyChange(model, world, change);
  }
  toString(): string {
    return `change(${this.changes.map((change) => JSON.stringify(change)).join(', ')})`;
  }
}

/** Runs onboard, then checks its summary and core's records against the model's prediction. */
export class RunOnboard implements fc.AsyncCommand<ShopModel, ShopWorld> {
  readonly kind: RunKind;
  constructor(kind: RunKind) {
    this.kind = kind;
  }
  check = () => true;
  async run(model: ShopModel, world: ShopWorld): Promise<void> {
    const expected = predictRun(model, this.kind);
    const summary = await world.run(this.kind);
    expectRun(this.kind, summary, expected);
    await expectCore(world, model, `a ${this.kind} run`);
  }
  toString(): string {
    return `run(${this.kind})`;
  }
}

const RUN_KINDS: readonly RunKind[] = ['full', 'incremental', 'mirror', 'dry-run'];

const changes = fc.array(sourceChange, { minLength: 1, maxLength: 3 }).map((list) => new ChangeSource(list));
const run = fc.constantFrom(...RUN_KINDS).map((kind) => new RunOnboard(kind));

/** A sequence of changes (1-3 rows each) and runs, about half of each. */
export const shopCommands = (maxCommands: number) =>
  fc.commands([changes, run], { maxCommands, size: 'max' });
