import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** The fields of `/proc/PID/stat` a CPU figure needs; times in clock ticks. */
export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  readonly ppid: number;
  /** User and system time of the process itself (all its threads). */
  readonly utime: number;
  readonly stime: number;
  /** User and system time of its children that exited and were waited for. */
  readonly cutime: number;
  readonly cstime: number;
}

/**
 * Parses one `/proc/PID/stat` line (proc(5)). The command name sits in parentheses and may itself
 * hold spaces and parentheses, so the fields are counted from the last `)`.
 */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open)
    throw new Error(`not a /proc/PID/stat line: ${JSON.stringify(text.slice(0, 80))}`);
  const rest = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state): field N is rest[N - 3].
  const field = (n: number) => {
    const value = Number(rest[n - 3]);
    if (!Number.isSafeInteger(value))
      throw new Error(`/proc/PID/stat field ${n} is not a number: ${rest[n - 3]}`);
    return value;
  };
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    ppid: field(4),
    utime: field(14),
    stime: field(15),
    cutime: field(16),
    cstime: field(17),
  };
}

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second (`getconf CLK_TCK`; 100 on nearly every Linux). */
export function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** The stat of process `pid`, or undefined once it has gone. */
export function readProcStat(pid: number | 'self'): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Every live process's stat. */
export function listProcesses(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(Number(name));
    if (stat !== undefined) stats.push(stat);
  }
  return stats;
}

/** `root` and its live descendants, from a list of processes. */
export function processTree(processes: readonly ProcStat[], root: number): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const p of processes) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const tree: ProcStat[] = [];
  const pending = processes.filter((p) => p.pid === root);
  while (pending.length > 0) {
    const next = pending.pop() as ProcStat;
    tree.push(next);
    pending.push(...(children.get(next.pid) ?? []));
  }
  return tree;
}

/**
 * CPU seconds (user + system) used so far by process `root` and its descendants: the live ones'
 * own time plus what their exited, waited-for children used. The difference of two readings is
 * the tree's CPU over the interval (a child that exited and is not yet waited for is missed).
 */
export function treeCpuSeconds(root: number): number {
  const ticks = processTree(listProcesses(), root).reduce(
    (n, p) => n + p.utime + p.stime + p.cutime + p.cstime,
    0,
  );
  return ticks / clockTicks();
}

/**
 * CPU seconds used by this process's children that exited and were waited for (its cutime and
 * cstime). Around a child process run to completion, the difference is that child's CPU, its own
 * children included.
 */
export function reapedChildrenCpuSeconds(): number {
  const self = readProcStat('self');
  return self === undefined ? 0 : (self.cutime + self.cstime) / clockTicks();
}

/** Sampling of some processes' CPU until `stop()`. */
export interface CpuSampler {
  /** Takes one last sample and returns the CPU seconds the matching processes used since the start. */
  stop(): number;
}

/**
 * Samples every `intervalMs` the descendants of `root` whose command line contains `match` (e.g.
 * the PostgreSQL backends connected to one database: their title names it), and sums the CPU each
 * used from the first sample (or from its start, for one that appeared later) to its last sample.
 * A process's time between its last sample and its exit is missed: under one interval's worth.
 */
export function sampleTreeCpu(root: number, match: string, intervalMs = 250): CpuSampler {
  const baseline = new Map<number, number>();
  const last = new Map<number, number>();
  let first = true;
  const take = () => {
    for (const p of processTree(listProcesses(), root)) {
      if (p.pid === root) continue;
      let cmdline = '';
      try {
        cmdline = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!cmdline.includes(match)) continue;
      const ticks = p.utime + p.stime;
      if (!baseline.has(p.pid)) baseline.set(p.pid, first ? ticks : 0);
      last.set(p.pid, ticks);
    }
    first = false;
  };
  take();
  const timer = setInterval(take, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      take();
      let ticks = 0;
      for (const [pid, value] of last) ticks += value - (baseline.get(pid) ?? 0);
      return ticks / clockTicks();
    },
  };
}

/**
 * CPU seconds (user + system, all threads) used so far by the live processes named `names` (their
 * `comm`, e.g. `mariadbd`): a server this machine runs, whoever it serves.
 */
export function namedProcessesCpuSeconds(names: readonly string[]): number {
  const ticks = listProcesses()
    .filter((p) => names.includes(p.comm))
    .reduce((n, p) => n + p.utime + p.stime, 0);
  return ticks / clockTicks();
}
