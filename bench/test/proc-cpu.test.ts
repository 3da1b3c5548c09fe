import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  clockTicks,
  namedProcessesCpuSeconds,
  parseProcStat,
  processTree,
  readProcStat,
  reapedChildrenCpuSeconds,
} from '../lib/proc-cpu.ts';

const run = promisify(execFile);

// A real line of /proc/PID/stat (52 fields), with a command name holding spaces and parentheses.
const LINE =
  '4242 (post gres: (x) y) S 2203 2203 2203 0 -1 4194560 3063 0 0 0 1234 567 89 10 20 0 1 0 5843 225243136 5013 18446744073709551615 1 1 0 0 0 0 4194304 19935232 84487 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0';

describe('parseProcStat', () => {
  it('reads pid, name, parent and the four CPU times, counting fields from the last parenthesis', () => {
    expect(parseProcStat(LINE)).toEqual({
      pid: 4242,
      comm: 'post gres: (x) y',
      ppid: 2203,
      utime: 1234,
      stime: 567,
      cutime: 89,
      cstime: 10,
    });
  });

  it('refuses what is not a stat line, saying so', () => {
    expect(() => parseProcStat('hello')).toThrow(/not a \/proc\/PID\/stat line/);
    expect(() => parseProcStat('1 (x) S abc')).toThrow(/field 4 is not a number/);
  });

  it('reads this process from /proc', () => {
    const self = readProcStat(process.pid);
    expect(self?.pid).toBe(process.pid);
    expect(self?.ppid).toBe(process.ppid);
    expect(clockTicks()).toBeGreaterThan(0);
  });
});

describe('processTree', () => {
  it('gives a root and its descendants, not its siblings', () => {
    const p = (pid: number, ppid: number) => ({
      pid,
      ppid,
      comm: '',
      utime: 0,
      stime: 0,
      cutime: 0,
      cstime: 0,
    });
    const tree = processTree([p(1, 0), p(2, 1), p(3, 2), p(4, 1), p(5, 0)], 2);
    expect(tree.map((x) => x.pid).sort()).toEqual([2, 3]);
  });
});

describe('reapedChildrenCpuSeconds', () => {
  it('grows by the CPU a child process used once it has exited', async () => {
    const before = reapedChildrenCpuSeconds();
    // The child spins until it has used 0.5 s of CPU by its own count.
    await run(process.execPath, [
      '-e',
      'const s = process.cpuUsage(); while ((process.cpuUsage(s).user + process.cpuUsage(s).system) < 500000) {}',
    ]);
    expect(reapedChildrenCpuSeconds() - before).toBeGreaterThanOrEqual(0.4);
  });
});

describe('namedProcessesCpuSeconds', () => {
  it('counts the live processes of that name, this one among them, with all their CPU so far', () => {
    const started = process.cpuUsage();
    while (process.cpuUsage(started).user + process.cpuUsage(started).system < 200_000) {}
    const self = readProcStat('self');
    if (self === undefined) throw new Error('no /proc');
    // Other processes of the same name may come and go: this one's own CPU is a lower bound.
    const own = (self.utime + self.stime) / clockTicks();
    expect(own).toBeGreaterThanOrEqual(0.15);
    expect(namedProcessesCpuSeconds([self.comm])).toBeGreaterThanOrEqual(own);
    expect(namedProcessesCpuSeconds(['no such process name'])).toBe(0);
  });
});
