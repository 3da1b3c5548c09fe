import type fc from 'fast-check';
import { predictRun, type RunKind } from './predict-run.ts';
import { expectCore, expectRun } from './run-checks.ts';
import type { ShopModel } from './shop-model.ts';
import type { ShopWorld } from './shop-world.ts';

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
