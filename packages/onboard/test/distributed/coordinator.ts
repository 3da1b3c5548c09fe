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

/** One JSON line of a coordinator's `--json` output. */
export interface ProgressEvent {
  readonly event: string;
  readonly [field: string]: unknown;
}

/** Every JSON line of a `--json` output, in order. */
export function progressEvents(stdout: string): ProgressEvent[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as ProgressEvent);
}

/** Per entity, the sums of the `batch` events' counts, and how many batches. */
export function batchSums(
  events: readonly ProgressEvent[],
): Record<string, { batches: number; read: number; accepted: number; rejected: number }> {
  const sums: Record<string, { batches: number; read: number; accepted: number; rejected: number }> = {};
  for (const e of events) {
    if (e.event !== 'batch') continue;
    const entity = String(e['entity']);
    const sum = sums[entity] ?? { batches: 0, read: 0, accepted: 0, rejected: 0 };
    sums[entity] = sum;
    sum.batches += 1;
    sum.read += Number(e['rowsRead']);
    sum.accepted += Number(e['created']) + Number(e['updated']) + Number(e['unchanged']);
    sum.rejected += Number(e['rejected']);
  }
  return sums;
}
