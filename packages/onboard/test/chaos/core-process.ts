import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCore } from '@madeup/core';
import { ROOT } from '../pipeline/pipeline-support.ts';
import { freePort } from './free-port.ts';

const CORE_BIN = join(ROOT, 'packages/core/bin/madeup-core.js');

/**
 * `madeup-core serve` as a child process on a fixed port, so it can be SIGKILLed and started again
 * at the same URL (a run keeps the core URL it started with). Its catalog is a SQLite file in
 * `dataDir`; its tenants are databases on `postgresUrl`.
 */
export interface CoreProcess {
  readonly url: string;
  /** The pid of the serving process, or undefined while it is down. */
  pid(): number | undefined;
  /** True while the process runs. */
  alive(): boolean;
  /** SIGKILL; resolves once it has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data folder; resolves once it answers. */
  start(): Promise<void>;
  /** Creates a tenant on the PostgreSQL server and returns its token. */
  createTenant(id: string): Promise<string>;
  /** The last lines core wrote to stderr/stdout (for failure messages). */
  output(): string;
}

export async function startCoreProcess(dataDir: string, postgresUrl: string): Promise<CoreProcess> {
  // The admin token is stored (hashed) in the catalog before the server starts, so the test never
  // has to read it from the server's output.
  const adminToken = `mua_${randomBytes(24).toString('hex')}`;
  const seeded = await startCore({
    dataDir,
    adminToken,
    logLevel: 'error',
    logDestination: { write: () => {} },
  });
  await seeded.close();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const start = async () => {
    const launched = spawn(
      process.execPath,
      [
        CORE_BIN,
        'serve',
        '--port',
        String(port),
        '--data-dir',
        dataDir,
        '--postgres-url',
        postgresUrl,
        '--default-dialect',
        'postgres',
      ],
      {
        env: { ...process.env, MADEUP_LOG_LEVEL: 'warn', MADEUP_DATABASE_PREFIX: 'chaos_' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    launched.stdout?.on('data', keep);
    launched.stderr?.on('data', keep);
    child = launched;
    for (let i = 0; i < 1200; i++) {
      if (!running()) throw new Error(`core exited at start (${launched.exitCode}): ${log}`);
      const ok = await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await sleep(50);
    }
    throw new Error(`core did not answer on ${url} within a minute: ${log}`);
  };
  await start();
  return {
    url,
    pid: () => (running() ? child?.pid : undefined),
    alive: running,
    output: () => log,
    async kill() {
      const victim = child;
      if (victim === undefined || !running()) return;
      const exited = new Promise((resolve) => victim.once('exit', resolve));
      victim.kill('SIGKILL');
      await exited;
    },
    start,
    async createTenant(id) {
      const response = await fetch(`${url}/v1/tenants`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id, dialect: 'postgres' }),
      });
      const body = (await response.json()) as { token?: string };
      if (response.status !== 201 || body.token === undefined)
        throw new Error(`creating tenant ${id} answered ${response.status}: ${JSON.stringify(body)}`);
      return body.token;
    },
  };
}
