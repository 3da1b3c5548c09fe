import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/madeup-core.js', import.meta.url));
/**
 * How long a start or an awaited line may take before the test gives up. About a second on a quiet
 * machine; a start took over 30 s at load 12-20 on the shared 2-core machine. Within the default
 * hook timeout (vitest.shared.ts).
 */
const START_MS = 90_000;

/** A `madeup-core serve` child process. */
export interface SpawnedCore {
  readonly url: string;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** The process id, and whether the process is still running. */
  readonly pid: number;
  running(): boolean;
  /** What was printed on stdout alone (the JSON logs and the banner). */
  stdout(): string;
  /** Waits until the output matches (stdout and stderr arrive through separate pipes, in any order). */
  waitForOutput(pattern: RegExp, ms?: number): Promise<string>;
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
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += String(chunk);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`madeup-core did not start within ${START_MS / 1000} s:\n${output}`));
    }, START_MS);
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      const match = /listening on (https?:\/\/\S+)/.exec(output);
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
    stdout: () => stdout,
    waitForOutput: (pattern, ms = START_MS) =>
      new Promise<string>((resolve, reject) => {
        const started = Date.now();
        const tick = () => {
          if (pattern.test(output)) return resolve(output);
          if (Date.now() - started > ms) return reject(new Error(`no ${pattern} in:\n${output}`));
          setTimeout(tick, 20);
        };
        tick();
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
