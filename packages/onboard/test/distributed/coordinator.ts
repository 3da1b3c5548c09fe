import { spawn } from 'node:child_process';
import { BIN } from '../pipeline/pipeline-support.ts';

/** `onboard ARGS` run to its end as a child process: exit code and output. */
export function runOnboardCommand(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  onStdout?: (text: string) => void,
): {
  readonly done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
} {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    onStdout?.(stdout);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return {
    done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))),
    kill: (signal) => child.kill(signal),
  };
}

/** The run id in a coordinator's `--json` output. */
export function runIdOf(stdout: string): string | undefined {
  return /"runId":"([^"]+)"/.exec(stdout)?.[1];
}
