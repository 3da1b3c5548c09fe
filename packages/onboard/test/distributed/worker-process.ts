import { type ChildProcess, spawn } from 'node:child_process';
import { BIN } from '../pipeline/pipeline-support.ts';

/** One event line of a worker, as `worker-events.ts` writes it. */
export interface SeenEvent {
  readonly event: string;
  readonly at: string;
  readonly pid: number;
  readonly tenant?: string;
  readonly runId?: string;
  readonly taskId?: string;
  readonly handedBack?: number;
  readonly rows?: number;
  readonly closed?: number;
  readonly open?: number;
}

/** An `onboard worker` child process and the events it printed so far. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly events: SeenEvent[];
  /** Resolves with the first event (already seen or to come) that matches. */
  waitFor(match: (event: SeenEvent) => boolean, timeoutMs?: number): Promise<SeenEvent>;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  stderr(): string;
}

/** Starts `node bin/onboard.js worker ARGS` with `env` added. */
export function startWorker(args: readonly string[], env: Readonly<Record<string, string>>): WorkerProcess {
  const child = spawn(process.execPath, [BIN, 'worker', ...args], {
    env: { ...process.env, ONBOARD_TOKEN: '', ONBOARD_SECRET_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: SeenEvent[] = [];
  const waiters: { match: (e: SeenEvent) => boolean; resolve: (e: SeenEvent) => void }[] = [];
  let buffer = '';
  let errors = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      const event = JSON.parse(line) as SeenEvent;
      events.push(event);
      for (const waiter of waiters.filter((w) => w.match(event))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-4000);
  });
  // 'close', not 'exit': 'exit' may come before the last lines the worker wrote are read, and an
  // event it printed just before it was killed (a task.done) would then be missing from `events`.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    events,
    exited,
    stderr: () => errors,
    waitFor: (match, timeoutMs = 120_000) => {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`worker ${child.pid}: no such event in ${timeoutMs} ms; stderr: ${errors}`)),
          timeoutMs,
        );
        waiters.push({
          match,
          resolve: (event) => {
            clearTimeout(timer);
            resolve(event);
          },
        });
      });
    },
  };
}

/** Stops workers still running (SIGKILL) and waits for them. */
export async function killAll(workers: readonly WorkerProcess[]): Promise<void> {
  for (const w of workers)
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
}
