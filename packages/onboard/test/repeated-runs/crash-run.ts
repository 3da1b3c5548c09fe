import { appendFileSync } from 'node:fs';
import type fc from 'fast-check';
import { expect } from 'vitest';
import { expectCoreBetween } from './crash-checks.ts';
import { type KillPoint, resumeChild, runAndKill } from './onboard-child.ts';
import { predictRun, type RunKind } from './predict-run.ts';
import { expectCore, expectRun } from './run-checks.ts';
import { RunOnboard } from './run-onboard.ts';
import type { ShopModel } from './shop-model.ts';
import type { ShopWorld } from './shop-world.ts';

/** What follows a kill at once: `onboard resume RUN`, an incremental run, or nothing. */
export type AfterKill = 'resume' | 'incremental' | 'none';

/**
 * `onboard run` of `kind` as a child process, SIGKILLed at `point`; then, as `after` says, `onboard
 * resume RUN` or an incremental run at once, or nothing. Checks (docs/running.md, "Crashes, retries and exact counts", "When a
 * component is killed"): after the kill each of core's records is as before the run or as after
 * it, nothing is pending, and no watermark moved (the commands after it predict incremental reads
 * from the old ones); the resumed run succeeds with the counts, deletions, reconciliation and
 * records the run would have had uninterrupted from the state it started in, and moves the
 * watermarks as that run would. A run that ended before the kill must be that run.
 */
export class CrashRun implements fc.AsyncCommand<ShopModel, ShopWorld> {
  readonly kind: RunKind;
  readonly point: KillPoint;
  readonly after: AfterKill;
  /** After `run`: whether the kill came while the run was stored and unfinished (else it ended first, or was never stored). */
  landed: boolean | undefined;
  constructor(kind: RunKind, point: KillPoint, after: AfterKill) {
    this.kind = kind;
    this.point = point;
    this.after = after;
  }
  check = () => true;
  async run(model: ShopModel, world: ShopWorld): Promise<void> {
    const uninterrupted = model.fork();
    const expected = predictRun(uninterrupted, this.kind);
    const what = `a ${this}`;
    if (world.proxy === undefined) throw new Error('a crash needs a world whose core is behind a proxy');
    const before = world.storedRuns();
    const crash = await runAndKill(world.runArgs(this.kind), world.core.token, world.proxy, this.point);
    const runs = [...world.storedRuns()].filter(([id]) => !before.has(id));
    expect(runs.length, `runs stored by ${what}`).toBeLessThanOrEqual(1);
    const [runId, status] = runs[0] ?? [];
    logCrash(`${this}: ${crash.killed ? 'killed' : 'not killed'}, run ${status ?? 'not stored'}`);
    this.landed = status !== undefined && status !== 'succeeded';
    if (status === 'succeeded') {
      // The kill came late (or never): the run is one that was not interrupted.
      model.adopt(uninterrupted);
      await expectCore(world, model, `${what} (it had succeeded)`);
      return;
    }
    expect(crash.killed, `${what}: exit ${crash.code}, status ${status}: ${crash.stderr.slice(-1500)}`).toBe(
      true,
    );
    await expectCoreBetween(world, model, uninterrupted, what);
    // An incremental run at once: it reads past the watermarks the last successful run left.
    if (this.after === 'incremental') return new RunOnboard('incremental').run(model, world);
    // Killed before its run was stored: nothing to resume (and nothing written).
    if (runId === undefined || this.after !== 'resume') return;
    const resumed = await resumeChild(world.resumeArgs(runId), world.core.token);
    const done = `onboard resume of ${what}`;
    expect(resumed.summary, `${done}: exit ${resumed.code}: ${resumed.stderr.slice(-1500)}`).toBeDefined();
    if (resumed.summary === undefined) return;
    expectRun(this.kind, resumed.summary, expected);
    const reconciled = Object.values(expected.reconciliation).every((r) => r !== 'mismatch');
    expect(resumed.code, `${done}: exit code`).toBe(reconciled ? 0 : 5);
    model.adopt(uninterrupted);
    await expectCore(world, model, done);
  }
  toString(): string {
    const { target, nth, moment, delayMs } = this.point;
    const request = `${target} request ${nth}`;
    const when = moment === 'answered' ? `${delayMs} ms after ${request} answered` : `${request} ${moment}`;
    return `crash(${this.kind} run killed at ${when}${this.after === 'none' ? '' : `, then ${this.after}`})`;
  }
}

/** With `MADEUP_CRASH_LOG=FILE`, one line per killed run: what was drawn and whether the kill landed. */
function logCrash(line: string): void {
  const file = process.env['MADEUP_CRASH_LOG'];
  if (file !== undefined) appendFileSync(file, `${line}\n`);
}
