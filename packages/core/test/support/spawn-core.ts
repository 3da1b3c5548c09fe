import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/madeup-core.js', import.meta.url));

/** A `madeup-core serve` child process. */
export interface SpawnedCore {
  readonly url: string;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** The process id, and whether the process is still running. */
  readonly pid: number;
  running(): boolean;
  stop(): Promise<void>;
}

/** Starts `madeup-core serve --port 0 <args>` and waits for its "listening on" line. */
export async function spawnCore(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<SpawnedCore> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    env: { ...process.env, MADEUP_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`madeup-core did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`madeup-core exited with ${code}:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    pid: child.pid ?? 0,
    running: () => child.exitCode === null && child.signalCode === null,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
