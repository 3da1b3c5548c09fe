import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import { progressEvents, runOnboardCommand } from '../distributed/coordinator.ts';
import type { FaultProxy } from '../pipeline/fault-proxy.ts';

/**
 * The moment of a kill at a run's request to core: before core sees it (`unsent`), once core has
 * applied it and before its answer reaches the run (`unanswered`), or `delayMs` after the run got
 * the answer (`answered`: while it records the batch, marks deleted, reconciles or ends).
 */
export type KillMoment = 'unsent' | 'unanswered' | 'answered';

/**
 * Which requests of a run a kill counts: imports of records, deletions (a mirror run's), listings
 * of core's records (a mirror run's), stats (reconciliation), or any.
 */
export type KillTarget = 'import' | 'delete' | 'records' | 'stats' | 'any';

/** When a run is SIGKILLed: at its `nth` request (0 is the first) of `target`, at `moment`. */
export interface KillPoint {
  readonly target: KillTarget;
  readonly nth: number;
  readonly moment: KillMoment;
  readonly delayMs: number;
}

/** Whether a request to core is one of `target`'s (docs/core.md's routes). */
function isTarget(target: KillTarget, method: string, url: string): boolean {
  if (target === 'any') return true;
  if (target === 'delete') return method === 'POST' && /^\/v1\/import\/[^/?]+\/delete/.test(url);
  if (target === 'import') return method === 'POST' && /^\/v1\/import\/[^/?]+(\?|$)/.test(url);
  return method === 'GET' && url.startsWith(target === 'records' ? '/v1/records/' : '/v1/stats');
}

/** How a run started as a child process ended: whether the SIGKILL came before its end. */
export interface KilledRun {
  readonly killed: boolean;
  readonly code: number | null;
  readonly stderr: string;
}

/**
 * Starts `onboard ARGS` (a run, `--json`, with core's URL the proxy's) and SIGKILLs it at `point`,
 * which the proxy finds among the run's requests: a real crash of the process, whatever it does
 * then. A run that ends first is not killed. Which run it was, if it got as far as storing one,
 * is for the run store to say.
 */
export async function runAndKill(
  args: readonly string[],
  token: string,
  proxy: FaultProxy,
  point: KillPoint,
): Promise<KilledRun> {
  const chosen = new Set<number>();
  let seen = 0;
  let killed = false;
  let exited = false;
  const child = runOnboardCommand(args, { ONBOARD_TOKEN: token });
  const ended = child.done.then((result) => {
    exited = true;
    return result;
  });
  const kill = () => {
    if (exited || killed) return;
    killed = true;
    child.kill('SIGKILL');
  };
  proxy.decide = (index, method, url) => {
    if (isTarget(point.target, method, url) && seen++ === point.nth) chosen.add(index);
    if (point.moment !== 'unsent' || !chosen.has(index)) return undefined;
    kill();
    return 'reset';
  };
  proxy.answered = async (index) => {
    if (!chosen.has(index)) return;
    if (point.moment === 'answered') setTimeout(kill, point.delayMs);
    else {
      kill();
      await ended;
    }
  };
  try {
    const { code, stderr } = await ended;
    return { killed: killed && code === null, code, stderr };
  } finally {
    proxy.decide = () => undefined;
    proxy.answered = () => undefined;
  }
}

/** `onboard resume RUN` (`--json`) to its end: its exit code and the summary of its `run.end` event. */
export async function resumeChild(
  args: readonly string[],
  token: string,
): Promise<{ code: number | null; summary: RunSummary | undefined; stderr: string }> {
  const { code, stdout, stderr } = await runOnboardCommand(args, { ONBOARD_TOKEN: token }).done;
  const end = progressEvents(stdout).find((e) => e.event === 'run.end');
  return { code, summary: end as unknown as RunSummary | undefined, stderr };
}
