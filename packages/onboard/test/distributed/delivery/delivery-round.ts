import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityTotals } from '../../../src/store/run-records.ts';
import type { FaultProxy } from '../../pipeline/fault-proxy.ts';
import { MAPPING } from '../../pipeline/pipeline-support.ts';
import { type ProgressEvent, progressEvents, runIdOf, runOnboardCommand } from '../coordinator.ts';
import type { WorkerProcess } from '../worker-process.ts';
import type { DeliveryFault, DeliveryPlan } from './delivery-plan.ts';
import { addDuplicateJob, queueSettled } from './duplicate-job.ts';
import { type StoreAudit, watchCheckpoints } from './store-audit.ts';

/** Everything a round uses, started once for the file. */
export interface DeliveryWorld {
  readonly proxy: FaultProxy;
  readonly source: string;
  readonly storeUrl: string;
  readonly redisUrl: string;
  readonly prefix: string;
  readonly workers: readonly WorkerProcess[];
  readonly audit: StoreAudit;
  /** The workers' `--lock-ms` and `--retry-for` in ms. */
  readonly lockMs: number;
  readonly retryForMs: number;
  /** The stream read as one keyless partition. */
  readonly keylessStream: string;
  /** `ONBOARD_SECRET_KEY` of the workers: the coordinator seals each round's token with it. */
  readonly secretKey: string;
  /** The coordinator's flags that cut the run (the same for the clean run). */
  readonly runFlags: readonly string[];
}

/** Per entity, every count of a run's summary and its checksum. */
export type Counts = Record<string, Omit<EntityTotals, 'entity' | 'durationMs'>>;

/** The counts of `totals`, keyed by entity. */
export function countsOf(totals: readonly EntityTotals[]): Counts {
  return Object.fromEntries(totals.map(({ entity, durationMs: _, ...rest }) => [entity, rest]));
}

/** How a round went: the run, the coordinator's output, what was injected and every violation found. */
export interface RoundOutcome {
  readonly runId: string | undefined;
  readonly injected: readonly string[];
  readonly violations: readonly string[];
  /**
   * The workers' task attempts of the run: started, failed (an outage's retries), and superseded
   * (taken over by a newer attempt, or of a task done already).
   */
  readonly attempts: { readonly started: number; readonly failed: number; readonly superseded: number };
  /** Until the coordinator exited, and until every delivery had ended and the checks were done. */
  readonly runSeconds: number;
  readonly seconds: number;
}

/** What a clean run gives: the counts to compare with, its batches, and core's stats. */
export interface Reference {
  readonly counts: Counts;
  readonly batches: number;
  readonly stats: unknown;
}

/** The arguments of `onboard run --executor bullmq` into the tenant named `tenant`. */
export function coordinatorArgs(world: DeliveryWorld, tenant: string): string[] {
  return [
    'run',
    '--executor',
    'bullmq',
    '--redis',
    world.redisUrl,
    '--queue-prefix',
    world.prefix,
    '--tenant',
    tenant,
    '--store',
    world.storeUrl,
    '--mapping',
    MAPPING,
    '--source',
    world.source,
    '--core',
    world.proxy.url,
    '--json',
    ...world.runFlags,
  ];
}

/** Core's stats of the tenant of `token` for the Vendor X source. */
export async function coreStats(coreUrl: string, token: string): Promise<unknown> {
  const response = await fetch(`${coreUrl}/v1/stats?source=vendor-x`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.status !== 200) throw new Error(`GET /v1/stats answered ${response.status}`);
  return response.json();
}

/**
 * Runs one import through the workers with `plan`'s faults injected, waits until every delivery of
 * its tasks has ended (a paused worker's late attempt included), and checks it against `reference`.
 */
export async function deliveryRound(
  world: DeliveryWorld,
  plan: DeliveryPlan,
  tenant: string,
  token: string,
  coreUrl: string,
  reference: Reference,
): Promise<RoundOutcome> {
  const started = Date.now();
  let runId: string | undefined;
  const run = runOnboardCommand(
    coordinatorArgs(world, tenant),
    { ONBOARD_TOKEN: token, ONBOARD_SECRET_KEY: world.secretKey },
    (out) => {
      runId ??= runIdOf(out);
    },
  );
  let ended = false;
  const done = run.done.finally(() => {
    ended = true;
  });
  const keyless = (taskId: string) => taskId.startsWith(`${keylessEntity(world)}#`);
  const checkpoints = watchCheckpoints(world.audit, () => runId, keyless);
  const injected: string[] = [];
  try {
    for (const [i, fault] of plan.faults.entries()) {
      const note = await inject(
        world,
        fault,
        () => runId,
        () => ended,
        tenant,
        `${plan.round}-${i}`,
      );
      injected.push(note);
    }
  } finally {
    world.proxy.decide = () => undefined;
    for (const w of world.workers) w.child.kill('SIGCONT');
  }
  const { code, stdout, stderr } = await done;
  const runSeconds = (Date.now() - started) / 1000;
  const violations: string[] = [];
  if (code !== 0) violations.push(`the coordinator exited ${code}: ${stderr.slice(-1500)}`);
  const events = progressEvents(stdout);
  violations.push(...summaryViolations(events, reference));
  if (runId !== undefined) {
    // Late attempts (a worker continued after its lock was taken over, duplicate jobs) end too.
    await queueSettled(world.redisUrl, world.prefix, tenant, 60_000).catch((error: unknown) =>
      violations.push(String(error)),
    );
    violations.push(...(await checkpoints.stop()));
    violations.push(...(await world.audit.finishedViolations(runId)));
    const after = countsOf(await world.audit.entityTotals(runId));
    if (!sameJson(after, reference.counts))
      violations.push(
        `after every delivery ended, the store's counts differ: ${diff(after, reference.counts)}`,
      );
    // The workers report each task's end once, whichever attempt ended it.
    const ends = new Map<string, number>();
    for (const w of world.workers)
      for (const e of w.events)
        if (e.event === 'task.done' && e.runId === runId)
          ends.set(String(e.taskId), (ends.get(String(e.taskId)) ?? 0) + 1);
    for (const task of await world.audit.tasks(runId))
      if (ends.get(task.taskId) !== 1)
        violations.push(`task ${task.taskId}: ${ends.get(task.taskId) ?? 0} task.done events, not 1`);
    const status = await world.audit.runStatus(runId);
    if (status !== 'succeeded') violations.push(`the run is ${status} in the store`);
    const stats = await coreStats(coreUrl, token);
    if (!sameJson(stats, reference.stats))
      violations.push(`core's stats differ from the clean run's: ${JSON.stringify(stats)}`);
  } else {
    await checkpoints.stop();
    violations.push('the coordinator printed no run id');
  }
  const seen = world.workers.flatMap((w) => w.events).filter((e) => runId !== undefined && e.runId === runId);
  const attempts = {
    started: seen.filter((e) => e.event === 'task.start').length,
    failed: seen.filter((e) => e.event === 'task.failed').length,
    superseded: seen.filter((e) => e.event === 'task.superseded').length,
  };
  return { runId, injected, violations, attempts, runSeconds, seconds: (Date.now() - started) / 1000 };
}

/** The entity the keyless stream feeds (task ids are `<entity>#<partition>`). */
function keylessEntity(world: DeliveryWorld): string {
  return world.keylessStream === 'inv_det' ? 'invoiceLines' : world.keylessStream;
}

/** What the coordinator's own output must show: one event per batch, and the clean run's summary. */
function summaryViolations(events: readonly ProgressEvent[], reference: Reference): string[] {
  const found: string[] = [];
  const end = events.find((e) => e.event === 'run.end');
  if (end === undefined) return ['the coordinator printed no run.end'];
  if (end['status'] !== 'succeeded')
    found.push(`the run ended ${String(end['status'])}: ${JSON.stringify(end['failed'])}`);
  const counts = countsOf(end['entities'] as EntityTotals[]);
  if (!sameJson(counts, reference.counts))
    found.push(`the summary's counts differ: ${diff(counts, reference.counts)}`);
  const reconciliation = (end['reconciliation'] ?? []) as { entity: string; status: string }[];
  for (const r of reconciliation)
    if (r.status !== 'match') found.push(`reconciliation of ${r.entity}: ${r.status}`);
  const batches = events.filter((e) => e.event === 'batch');
  const keys = batches.map((e) => `${String(e['taskId'])}#${String(e['seq'])}`);
  const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
  if (twice.length > 0) found.push(`batch events repeated: ${[...new Set(twice)].slice(0, 5).join(', ')}`);
  const read: Record<string, number> = {};
  for (const e of batches)
    read[String(e['entity'])] = (read[String(e['entity'])] ?? 0) + Number(e['rowsRead']);
  const expected = Object.fromEntries(
    Object.entries(reference.counts).map(([entity, c]) => [entity, c.read]),
  );
  if (!sameJson(read, expected))
    found.push(`rows read by the batch events ${JSON.stringify(read)}, expected ${JSON.stringify(expected)}`);
  return found;
}

async function inject(
  world: DeliveryWorld,
  fault: DeliveryFault,
  runId: () => string | undefined,
  ended: () => boolean,
  tenant: string,
  tag: string,
): Promise<string> {
  for (;;) {
    const id = runId();
    if (ended()) return `${fault.kind}: not injected, the run ended first`;
    if (id !== undefined && (await world.audit.batchCount(id)) >= fault.afterBatches) break;
    await sleep(20);
  }
  const id = runId() as string;
  if (fault.kind === 'outage') {
    const until = Date.now() + world.retryForMs + 700;
    world.proxy.decide = (_i, method, url) =>
      method === 'POST' && url.startsWith('/v1/import/') && Date.now() < until
        ? { status: 503, retryAfter: '0' }
        : undefined;
    // The round's faults end with the loop that injects them: the outage lasts its window.
    while (Date.now() < until && !ended()) await sleep(20);
    return `outage of ${world.retryForMs + 700} ms`;
  }
  const wanted = fault.kind === 'duplicate' && fault.done ? 'done' : 'running';
  const isKeyless = (taskId: string) => taskId.startsWith(`${keylessEntity(world)}#`);
  const candidates = async () =>
    (await world.audit.tasks(id)).filter(
      (t) => t.status === wanted && (wanted === 'done' || t.checkpointSeq !== null),
    );
  let tasks = await candidates();
  // The batches may all be of tasks that ended: wait for the next task to record one.
  while (tasks.length === 0 && !ended()) {
    await sleep(20);
    tasks = await candidates();
  }
  if (fault.kind === 'pause' && fault.keyless) {
    // The keyless task, once deep enough: a replay from its start then races the frozen attempt.
    while (!ended()) {
      const all = await world.audit.tasks(id);
      const deep = all.filter(
        (t) => isKeyless(t.taskId) && t.status === 'running' && (t.checkpointSeq ?? -1) >= fault.depth,
      );
      if (deep.length > 0) tasks = deep;
      if (deep.length > 0 || all.some((t) => isKeyless(t.taskId) && t.status === 'done')) break;
      await sleep(20);
    }
    if (!tasks.every((t) => isKeyless(t.taskId))) tasks = await candidates();
  }
  const task = fault.kind === 'duplicate' ? tasks[Math.floor(fault.pick * tasks.length)] : tasks[0];
  if (task === undefined)
    return `${fault.kind}: not injected, no task ${wanted} after ${fault.afterBatches} batches`;
  if (fault.kind === 'duplicate') {
    const job = await addDuplicateJob(world.redisUrl, world.prefix, tenant, id, task.taskId, tag);
    return `duplicate job ${job} of ${wanted} task ${task.taskId}`;
  }
  const pid = Number(/ pid (\d+)$/.exec(task.worker ?? '')?.[1]);
  const victim = world.workers.find((w) => w.child.pid === pid);
  if (victim === undefined)
    return `pause: not injected, task ${task.taskId} runs on no worker of the test (${task.worker})`;
  victim.child.kill('SIGSTOP');
  await sleep(fault.pauseMs);
  victim.child.kill('SIGCONT');
  return `paused worker ${pid} holding ${task.taskId} at checkpoint ${task.checkpointSeq} for ${fault.pauseMs} ms`;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, sorted(v)]),
  );
}

/** The entities whose counts differ, with both sides. */
function diff(got: Counts, expected: Counts): string {
  const names = [...new Set([...Object.keys(got), ...Object.keys(expected)])];
  return names
    .filter((n) => !sameJson(got[n], expected[n]))
    .map((n) => `${n}: got ${JSON.stringify(got[n])}, clean run ${JSON.stringify(expected[n])}`)
    .join('; ');
}
