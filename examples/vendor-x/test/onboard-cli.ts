import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../packages/onboard/bin/onboard.js', import.meta.url));

/** `onboard ARGS…` as a user runs it (token in the environment); resolves with stdout, rejects on a non-zero exit. */
export function onboard(args: readonly string[], token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ONBOARD_TOKEN: token },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0)
        reject(new Error(`onboard ${args[0]} exited ${code}: ${stderr || stdout.slice(-2000)}`));
      else resolve(stdout);
    });
  });
}

/** The summary of `onboard run --json …`: its `run.end` line. */
export function runEnd<T>(stdout: string): T {
  const end = stdout
    .split('\n')
    .filter((line) => line.includes('"run.end"'))
    .at(-1);
  if (end === undefined) throw new Error(`no run.end line in: ${stdout.slice(-2000)}`);
  return JSON.parse(end) as T;
}
