import type { Command } from 'commander';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

/** What one in-process CLI invocation returned and printed. */
export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `onboard ...args` in this process, capturing what it writes to stdout and stderr. */
export function runCli(...args: string[]): Promise<CliResult> {
  return runProgram(undefined, ...args);
}

/** Runs `main` with `program` (default: the real `onboard` program), capturing its output. */
export async function runProgram(program: Command | undefined, ...args: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    const code = await main(['node', 'onboard', ...args], program);
    return { code, out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}
