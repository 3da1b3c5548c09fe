// Where an end-to-end move idles: `onboard run` of Vendor X through a `madeup-core serve` process
// into a fresh PostgreSQL tenant, from MariaDB and from SQLite, with the CPU of every process of
// the move sampled every 250 ms: the `onboard` process, core, the tenant's PostgreSQL backends, the
// rest of the PostgreSQL server, and every MariaDB server process. Per move: CPU seconds per
// process, and the run's three phases (start: process start, planning and the merge pre-pass,
// until the run starts; load: until the last batch; tail: reconciliation and the end), each with
// the mean number of the move's threads running or waiting to run (from each thread's
// /proc/PID/task/TID/schedstat): under 2 on this 2-core machine, the move leaves a core idle.
// `--timeline` adds busy cores per second with the run's events (each entity's first and last
// batch). Builds can be compared on the same sources and core: `--variant NAME=DIR[|ARGS]` runs
// the `onboard` of the checkout DIR with extra ARGS (space-separated), in turn (A B A B ...).
//
// node bench/move-timeline.ts [--rows N] [--source mysql,sqlite] [--runs N] [--timeline]
//   [--variant a=/path/one --variant 'b=/path/two|--concurrency 6']
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DialectName } from '@madeup/testkit';
import { VENDOR_X_MAPPING } from '../examples/vendor-x/index.ts';
import {
  benchRows,
  clockTicks,
  markdownTable,
  postmasterPid,
  printSection,
  processTree,
  progress,
  type RssReport,
  reapedChildrenCpuSeconds,
  runBenchmark,
  sampleRss,
  withCoreProcess,
  withVendorX,
} from './lib/index.ts';
import { listProcesses } from './lib/proc-cpu.ts';
import { parseVariant, type Variant } from './lib/variant.ts';

/** CPU ticks per process group at one instant. */
interface Sample {
  readonly at: number;
  readonly ticks: Record<Group, number>;
  /** Nanoseconds the group's threads were running or waiting to run (schedstat), so far. */
  readonly runnable: Record<Group, number>;
}

const GROUPS = ['onboard', 'core', 'pgTenant', 'pgOther', 'mariadb'] as const;
type Group = (typeof GROUPS)[number];

interface MoveEvent {
  readonly at: number;
  readonly what: string;
}

interface MoveRun {
  readonly variant: string;
  readonly source?: string;
  readonly seconds: number;
  readonly exitCode: number;
  readonly cpu: Record<Group, number>;
  readonly samples: readonly Sample[];
  readonly events: readonly MoveEvent[];
  /** The `onboard` process's RSS: peak and the peak of each quarter of the move (sampled every 100 ms). */
  readonly onboardRss: RssReport;
  /** The `madeup-core serve` process's RSS over the move (sampled every 250 ms). */
  readonly coreRss: RssReport;
}

function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** CPU ticks each tenant backend was last seen with: an exited backend keeps counting. */
const tenantTicks = new Map<number, number>();

/** Running + run-queue nanoseconds each thread was last seen with, by group and thread id. */
const runnableNs = new Map<string, number>();

/** Reads each thread's schedstat (running ns, waiting ns) of process `pid` into `runnableNs`. */
function readRunnable(group: Group, pid: number): void {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return;
  }
  for (const tid of tids) {
    try {
      const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ');
      runnableNs.set(`${group}:${tid}`, Number(run) + Number(wait));
    } catch {
      // gone
    }
  }
}

/** Sums the CPU ticks of each group now; tenant backends by their title naming the database. */
function takeSample(onboardPid: number, corePid: number, postmaster: number, tenantDb: string): Sample {
  const all = listProcesses();
  const groupOf = new Map<number, Group>();
  const ticks: Record<Group, number> = { onboard: 0, core: 0, pgTenant: 0, pgOther: 0, mariadb: 0 };
  const own = (p: { utime: number; stime: number }) => p.utime + p.stime;
  const reaped = (p: { cutime: number; cstime: number }) => p.cutime + p.cstime;
  for (const p of processTree(all, onboardPid)) {
    ticks.onboard += own(p) + reaped(p);
    groupOf.set(p.pid, 'onboard');
  }
  for (const p of processTree(all, corePid)) {
    ticks.core += own(p) + reaped(p);
    groupOf.set(p.pid, 'core');
  }
  // The postmaster's reaped children include exited tenant backends: the rest is "other".
  let server = 0;
  for (const p of processTree(all, postmaster)) {
    server += own(p) + (p.pid === postmaster ? reaped(p) : 0);
    const tenant = p.pid !== postmaster && cmdlineOf(p.pid).includes(tenantDb);
    if (tenant) tenantTicks.set(p.pid, own(p));
    groupOf.set(p.pid, tenant ? 'pgTenant' : 'pgOther');
  }
  for (const t of tenantTicks.values()) ticks.pgTenant += t;
  ticks.pgOther = server - ticks.pgTenant;
  for (const p of all)
    if (p.comm === 'mariadbd' || p.comm === 'mysqld') {
      ticks.mariadb += own(p);
      groupOf.set(p.pid, 'mariadb');
    }
  for (const [pid, group] of groupOf) readRunnable(group, pid);
  const runnable: Record<Group, number> = { onboard: 0, core: 0, pgTenant: 0, pgOther: 0, mariadb: 0 };
  for (const [key, ns] of runnableNs) runnable[key.slice(0, key.indexOf(':')) as Group] += ns;
  return { at: performance.now(), ticks, runnable };
}

await runBenchmark(async () => {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      source: { type: 'string', default: 'mysql,sqlite' },
      runs: { type: 'string', default: '1' },
      variant: { type: 'string', multiple: true },
      bucket: { type: 'string', default: '1' },
      timeline: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
    },
  });
  if (values.quick) process.env['BENCH_QUICK'] = '1';
  const rows = values.rows === undefined ? benchRows(200_000, 20_000) : Number(values.rows);
  const dialects = (values.source as string).split(',') as DialectName[];
  const runs = Number(values.runs);
  const bucket = Number(values.bucket);
  const variants = (
    values.variant ?? [`this checkout=${resolve(dirname(fileURLToPath(import.meta.url)), '..')}`]
  ).map(parseVariant);
  const postmaster = await postmasterPid();
  const store = await mkdtemp(join(tmpdir(), 'bench-timeline-store-'));
  const results: MoveRun[] = [];
  const hz = clockTicks();
  let n = 0;
  try {
    await withCoreProcess(async (core) => {
      for (const dialect of dialects)
        await withVendorX(dialect, rows, async (source) => {
          for (let round = 0; round < runs; round += 1) {
            for (const variant of variants) {
              n += 1;
              const tenant = await core.createTenant(`timeline-${n}`);
              tenantTicks.clear();
              runnableNs.clear();
              progress(`run ${n}: ${variant.name} ${variant.args.join(' ')}`);
              const run = await move(variant, {
                source: source.url,
                core: core.url,
                store: join(store, `run-${n}.sqlite`),
                token: tenant.token,
                sample: (pid) => takeSample(pid, core.pid, postmaster, tenant.databaseName),
                corePid: core.pid,
              });
              progress(`run ${n}: ${variant.name} ${run.seconds.toFixed(2)} s, exit ${run.exitCode}`);
              results.push({ ...run, source: dialect });
            }
          }
        });
    });
  } finally {
    await rm(store, { recursive: true, force: true });
  }

  printSection(
    `Where a move idles: CPU per process and busy threads per phase (${rows.toLocaleString('en')} Vendor X rows)`,
    `\`onboard run\` (default settings, its own process) through one \`madeup-core serve\` process into a fresh PostgreSQL tenant per move. CPU seconds (user + system, /proc) over each move: onboard, core, the tenant's PostgreSQL backends, the rest of the PostgreSQL server (WAL writer, checkpointer, autovacuum; anything else on that server too), and every MariaDB server process on the machine (the source's reads, and anything else it serves). "idle core-s": wall time × 2 cores − the sum. Phases: start (process start, planning, merge pre-pass), load (to the last batch), tail (reconciliation, end); in brackets the mean number of the move's threads running or waiting to run (schedstat): below 2, a core of this 2-core machine has nothing of the move to do. Memory: the onboard process's peak RSS and the peak of each quarter of the move (sampled every 100 ms), core's RSS at the move's start and its peak during it (every 250 ms).`,
    markdownTable(
      [
        'run',
        'source',
        'variant',
        'wall s',
        'onboard',
        'core',
        'PG tenant',
        'PG other',
        'MariaDB',
        'sum',
        'idle core-s',
        'phases s (runnable): start / load / tail',
        'onboard peak RSS MiB (quarters)',
        'core RSS MiB: start / peak',
      ],
      results.map((r, i) => {
        const sum = r.cpu.onboard + r.cpu.core + r.cpu.pgTenant + r.cpu.pgOther + r.cpu.mariadb;
        const t0 = r.samples[0]?.at ?? 0;
        const startAt = r.events.find((e) => e.what === 'run.start')?.at ?? t0;
        const loadEnd = Math.max(
          startAt,
          ...r.events.filter((e) => e.what.endsWith(' last')).map((e) => e.at),
        );
        const end = r.samples.at(-1)?.at ?? loadEnd;
        const phase = (from: number, to: number) => {
          const a = nearest(r.samples, from);
          const b = nearest(r.samples, to);
          if (a === undefined || b === undefined || b.at <= a.at) return '-';
          const wanting =
            GROUPS.reduce((x, g) => x + (b.runnable[g] - a.runnable[g]), 0) / 1e6 / (b.at - a.at);
          return `${((to - from) / 1000).toFixed(1)} (${wanting.toFixed(2)})`;
        };
        return [
          String(i + 1),
          r.source ?? '',
          r.variant,
          r.seconds.toFixed(2),
          ...GROUPS.map((g) => r.cpu[g].toFixed(1)),
          sum.toFixed(1),
          (r.seconds * 2 - sum).toFixed(1),
          `${phase(t0, startAt)} / ${phase(startAt, loadEnd)} / ${phase(loadEnd, end)}`,
          `${mib(r.onboardRss.peakBytes)} (${r.onboardRss.quarterPeaks.map(mib).join('/')})`,
          `${mib(r.coreRss.startBytes)} / ${mib(r.coreRss.peakBytes)}`,
        ];
      }),
    ),
  );
  if (!values.timeline) return;
  for (const [i, r] of results.entries()) {
    const start = r.samples[0]?.at ?? 0;
    const lines: string[][] = [];
    const events = [...r.events];
    for (let t = 0; t * bucket * 1000 < r.seconds * 1000 + 250; t += 1) {
      const from = start + t * bucket * 1000;
      const to = from + bucket * 1000;
      const a = nearest(r.samples, from);
      const b = nearest(r.samples, to);
      if (a === undefined || b === undefined) break;
      const span = (b.at - a.at) / 1000;
      const busy = GROUPS.map((g) => (span > 0 ? (b.ticks[g] - a.ticks[g]) / hz / span : 0));
      const wanting = GROUPS.reduce(
        (sum, g) => sum + (span > 0 ? (b.runnable[g] - a.runnable[g]) / 1e9 / span : 0),
        0,
      );
      const here = events.filter((e) => e.at >= from && e.at < to).map((e) => e.what);
      lines.push([
        (t * bucket).toFixed(0),
        ...busy.map((x) => x.toFixed(2)),
        busy.reduce((s, x) => s + x, 0).toFixed(2),
        wanting.toFixed(2),
        here.join('; '),
      ]);
    }
    printSection(
      `Run ${i + 1} (${r.source}, ${r.variant}): busy cores per ${bucket} s`,
      markdownTable(['t s', ...GROUPS, 'sum', 'runnable', 'events'], lines),
    );
  }
});

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

function nearest(samples: readonly Sample[], at: number): Sample | undefined {
  let best: Sample | undefined;
  for (const s of samples) if (best === undefined || Math.abs(s.at - at) < Math.abs(best.at - at)) best = s;
  return best;
}

/** One `onboard run --json` of the variant's checkout, sampled every 250 ms. */
function move(
  variant: Variant,
  options: {
    source: string;
    core: string;
    store: string;
    token: string;
    sample: (onboardPid: number) => Sample;
    corePid: number;
  },
): Promise<MoveRun> {
  const started = performance.now();
  const reapedBefore = reapedChildrenCpuSeconds();
  const args = [
    join(variant.dir, 'packages/onboard/bin/onboard.js'),
    'run',
    '--mapping',
    VENDOR_X_MAPPING,
    '--source',
    options.source,
    '--core',
    options.core,
    '--store',
    options.store,
    '--json',
    ...variant.args,
  ];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, {
      cwd: variant.dir,
      env: { ...process.env, ONBOARD_TOKEN: options.token },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pid = child.pid as number;
    const onboardRss = sampleRss({ pid, intervalMs: 100 });
    const coreRss = sampleRss({ pid: options.corePid, intervalMs: 250 });
    // A process gone from /proc reads as 0 ticks: the onboard figure keeps its highest reading.
    let onboardTicks = 0;
    const sample = () => {
      const s = options.sample(pid);
      onboardTicks = Math.max(onboardTicks, s.ticks.onboard);
      return { ...s, ticks: { ...s.ticks, onboard: onboardTicks } };
    };
    const samples: Sample[] = [sample()];
    const timer = setInterval(() => samples.push(sample()), 250);
    const events: MoveEvent[] = [];
    const firstBatch = new Set<string>();
    const lastBatch = new Map<string, number>();
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        let event: { event?: string; entity?: string; msg?: string; time?: number };
        try {
          event = JSON.parse(line);
        } catch {
          continue;
        }
        const at = performance.now();
        if (event.event === 'batch' && event.entity !== undefined) {
          if (!firstBatch.has(event.entity)) {
            firstBatch.add(event.entity);
            events.push({ at, what: `${event.entity} first` });
          }
          lastBatch.set(event.entity, at);
        } else if (event.event === 'run.start') events.push({ at, what: 'run.start' });
        else if (event.event === 'run.end') events.push({ at, what: 'run.end' });
        else if (event.event === 'note') events.push({ at, what: `note: ${event.msg}` });
      }
    });
    child.on('error', fail);
    child.on('close', (code) => {
      clearInterval(timer);
      const onboardMemory = onboardRss.stop();
      const coreMemory = coreRss.stop();
      samples.push(sample());
      for (const [entity, at] of lastBatch) events.push({ at, what: `${entity} last` });
      events.sort((a, b) => a.at - b.at);
      const first = samples[0] as Sample;
      const last = samples.at(-1) as Sample;
      const cpu = Object.fromEntries(
        GROUPS.map((g) => [g, (last.ticks[g] - first.ticks[g]) / clockTicks()]),
      ) as Record<Group, number>;
      // The onboard process is reaped by now: its whole CPU is this process's reaped children's.
      cpu.onboard = reapedChildrenCpuSeconds() - reapedBefore;
      done({
        variant: variant.name,
        seconds: (performance.now() - started) / 1000,
        exitCode: code ?? 1,
        cpu,
        samples,
        events,
        onboardRss: onboardMemory,
        coreRss: coreMemory,
      });
    });
  });
}
