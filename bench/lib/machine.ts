import { cpus, release, totalmem, type } from 'node:os';

/** What a benchmark ran on, for the header of BENCHMARKS.md. */
export interface MachineDescription {
  readonly date: string;
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memory: string;
  readonly os: string;
}

export function describeMachine(now = new Date()): MachineDescription {
  const list = cpus();
  return {
    date: now.toISOString().replace(/\.\d+Z$/, 'Z'),
    node: process.version,
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    os: `${type()} ${release()}`,
  };
}
