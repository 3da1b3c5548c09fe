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
    const timer = setTimeout(() => reject(new Error(`madeup-core did not start:\n${output}`)), 30_000);
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
    waitForOutput: (pattern, ms = 5000) =>
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
