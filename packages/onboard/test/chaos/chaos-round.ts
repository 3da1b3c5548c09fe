import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { runIdOf, runOnboardCommand } from '../distributed/coordinator.ts';
import { MAPPING } from '../pipeline/pipeline-support.ts';
import type { Executor, RoundPlan } from './chaos-plan.ts';
import { type ChaosWorld, QUEUE_PREFIX, SECRET_KEY } from './chaos-world.ts';
import { type EndState, endStateOf } from './invariants.ts';
import { deadBystanders, killAndRestart } from './kill-component.ts';

/** How long a run (or its resume) may take before the round gives up on it. */
const RUN_DEADLINE_MS = 240_000;

/** What happened in a round: when the kill came, whether `resume` was needed, what was left. */
export interface RoundOutcome {
  readonly runId: string;
  /** Committed batches of the run in the store when the kill came. */
  readonly killedAt: number;
  /** Exit code of the first coordinator (null: killed). */
  readonly firstExit: number | null;
  /** Exit code of `onboard resume`, when it was needed. */
  readonly resumeExit?: number | null;
  /** Components that were not killed but died anyway. */
  readonly collateral: readonly string[];
  /** What the run left; undefined when a component that was not killed died (see `collateral`). */
  readonly state: EndState | undefined;
}

function executorArgs(world: ChaosWorld, executor: Executor): string[] {
  return executor === 'bullmq'
    ? ['--executor', 'bullmq', '--redis', world.redis.url, '--queue-prefix', QUEUE_PREFIX]
    : ['--executor', 'in-process'];
}

function env(token: string) {
  return { ONBOARD_TOKEN: token, ONBOARD_SECRET_KEY: SECRET_KEY };
}

/** `onboard run` of Vendor X into the tenant of `token`: the same flags for the clean run and every round. */
function startRun(world: ChaosWorld, token: string, executor: Executor, onStdout?: (text: string) => void) {
  const args = [
    'run',
    '--mapping',
    MAPPING,
    '--source',
    world.source,
    '--core',
    world.core.url,
    '--store',
    world.store.url,
    '--concurrency',
    '4',
    '--json',
    ...executorArgs(world, executor),
  ];
  return runOnboardCommand(args, env(token), onStdout);
}

/** Starts `onboard resume RUN`. */
function resume(world: ChaosWorld, token: string, runId: string, executor: Executor) {
  const args = ['resume', runId, '--store', world.store.url, '--json', ...executorArgs(world, executor)];
  return runOnboardCommand(args, env(token));
}

/** Waits for `done`; after `ms`, calls `onLate` (which should make it end) and says so. */
async function within<T>(done: Promise<T>, ms: number, onLate: () => void, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onLate();
      reject(new Error(`${what} did not end within ${ms / 1000} s`));
    }, ms);
  });
  try {
    return await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The number of batches of `runId` committed in the run store. */
async function committedBatches(client: pg.Client, runId: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    'SELECT count(*) AS n FROM onboard_batches WHERE run_id = $1',
    [runId],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Runs the clean (uninterrupted) run; returns its id and how many batches it committed. */
export async function cleanRun(
  world: ChaosWorld,
  token: string,
  executor: Executor,
): Promise<{ runId: string; batches: number; state: EndState }> {
  const run = startRun(world, token, executor);
  const { code, stdout, stderr } = await within(
    run.done,
    RUN_DEADLINE_MS,
    () => run.kill('SIGKILL'),
    'the clean run',
  );
  const runId = runIdOf(stdout);
  if (code !== 0 || runId === undefined)
    throw new Error(`the clean run exited ${code}: ${stderr.slice(-2000)}`);
  const client = new pg.Client({ connectionString: world.store.url });
  await client.connect();
  try {
    return {
      runId,
      batches: await committedBatches(client, runId),
      state: await endStateOf(world.store.url, runId, world.core.url, token),
    };
  } finally {
    await client.end();
  }
}

/**
 * One round: a run into a fresh tenant, the planned SIGKILL once `plan.afterBatches` batches are
 * committed, then the documented recovery: start the killed component again and, if the run did not
 * end `succeeded`, `onboard resume RUN`. Returns what was left for the invariants.
 */
export async function chaosRound(world: ChaosWorld, plan: RoundPlan, token: string): Promise<RoundOutcome> {
  let runId: string | undefined;
  const run = startRun(world, token, plan.executor, (out) => {
    runId ??= runIdOf(out);
  });
  let exited = false;
  void run.done.then(() => {
    exited = true;
  });
  const client = new pg.Client({ connectionString: world.store.url });
  await client.connect();
  let killedAt = 0;
  try {
    const deadline = Date.now() + RUN_DEADLINE_MS;
    for (;;) {
      if (exited) {
        const { code, stderr } = await run.done;
        throw new Error(
          `the run ended (exit ${code}) before its kill after ${plan.afterBatches} batches (saw ${killedAt}): ${stderr.slice(-1000)}`,
        );
      }
      if (Date.now() > deadline) {
        run.kill('SIGKILL');
        throw new Error(`the run committed only ${killedAt} batches in ${RUN_DEADLINE_MS / 1000} s`);
      }
      if (runId !== undefined) {
        killedAt = await committedBatches(client, runId);
        if (killedAt >= plan.afterBatches) break;
      }
      await sleep(20);
    }
  } finally {
    await client.end();
  }
  await killAndRestart(world, plan, run);
  const first = await within(run.done, RUN_DEADLINE_MS, () => run.kill('SIGKILL'), 'the run after the kill');
  const collateral = deadBystanders(world);
  const id = runId as string;
  let resumeExit: number | null | undefined;
  if (first.code !== 0 && collateral.length === 0) {
    const again = resume(world, token, id, plan.executor);
    const resumed = await within(again.done, RUN_DEADLINE_MS, () => again.kill('SIGKILL'), 'onboard resume');
    resumeExit = resumed.code;
    if (resumed.code !== 0) collateral.push(...deadBystanders(world));
  }
  const state =
    collateral.length === 0 ? await endStateOf(world.store.url, id, world.core.url, token) : undefined;
  return {
    runId: id,
    killedAt,
    firstExit: first.code,
    ...(resumeExit === undefined ? {} : { resumeExit }),
    collateral,
    state,
  };
}
