import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CreateTenantResponse } from '@madeup/contract';
import { POSTGRES, postgresAdmin, uniqueName } from '@madeup/testkit';
import { onInterrupt } from './bench-database.ts';
import { databasesWithPrefix } from './embedded-core.ts';

const CORE_BIN = join(
  resolve(dirname(fileURLToPath(import.meta.url)), '../..'),
  'packages/core/bin/madeup-core.js',
);

/** A `madeup-core serve` process of its own, as deployed, with tenant databases on the local PostgreSQL. */
export interface CoreProcess {
  readonly url: string;
  readonly pid: number;
  /** Creates a PostgreSQL tenant; gives its token and its database's URL and name. */
  createTenant(id: string): Promise<{ token: string; databaseUrl: string; databaseName: string }>;
}

/**
 * Starts `madeup-core serve` in its own process with default settings (its JSON logs at the default
 * level, discarded), catalog in a temporary folder, PostgreSQL tenants under a unique database
 * prefix, and gives it to `work`. Afterwards (also on failure or Ctrl-C) stops it and drops every
 * tenant database it created. `coreBin` runs another checkout's `madeup-core` (to compare builds);
 * `env` adds variables to the serve process's environment, `nodeArgs` Node.js flags.
 */
export async function withCoreProcess<T>(
  work: (core: CoreProcess) => Promise<T>,
  options: {
    coreBin?: string;
    env?: Readonly<Record<string, string>>;
    nodeArgs?: readonly string[];
  } = {},
): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), 'madeup-bench-serve-'));
  const databasePrefix = `${uniqueName('bserve')}_`;
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs(),
      ...(options.nodeArgs ?? []),
      options.coreBin ?? CORE_BIN,
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--postgres-url',
      POSTGRES.url,
    ],
    {
      env: { ...process.env, ...options.env, MADEUP_DATABASE_PREFIX: databasePrefix },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stopChild = () => child.kill('SIGTERM');
  process.once('exit', stopChild);
  const exited = new Promise<void>((done) => child.once('close', () => done()));
  const dropTenants = async () => {
    for (const name of await databasesWithPrefix('postgres', databasePrefix)) {
      await postgresAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    process.off('exit', stopChild);
    await dropTenants();
    await rm(dataDir, { recursive: true, force: true });
  };
  const unregister = onInterrupt(stop);
  try {
    const { url, adminToken } = await started(child);
    return await work({
      url,
      pid: child.pid as number,
      async createTenant(id) {
        const response = await fetch(`${url}/v1/tenants`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ id, dialect: 'postgres' }),
        });
        if (response.status !== 201)
          throw new Error(`creating tenant ${id}: ${response.status} ${await response.text()}`);
        const { token } = (await response.json()) as CreateTenantResponse;
        const wanted = id.replace(/-/g, '_');
        const databaseName = (await databasesWithPrefix('postgres', databasePrefix)).find((n) =>
          n.endsWith(wanted),
        );
        if (databaseName === undefined) throw new Error(`no PostgreSQL database found for tenant ${id}`);
        return { token, databaseName, databaseUrl: `${POSTGRES.url}/${databaseName}` };
      },
    });
  } finally {
    unregister();
    await stop();
  }
}

/**
 * Extra Node.js flags for the serve process, from `BENCH_CORE_NODE_ARGS` (space-separated, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile core during a move); none by default.
 */
function nodeArgs(): string[] {
  return (process.env['BENCH_CORE_NODE_ARGS'] ?? '').split(' ').filter((flag) => flag !== '');
}

/** Waits for serve's "listening on URL" line (stdout) and its admin token (stderr). */
function started(child: ReturnType<typeof spawn>): Promise<{ url: string; adminToken: string }> {
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let err = '';
    let url: string | undefined;
    let adminToken: string | undefined;
    const check = () => {
      if (url !== undefined && adminToken !== undefined) resolvePromise({ url, adminToken });
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      if (url !== undefined) return; // the logs from then on: read and dropped
      out += chunk.toString('utf8');
      url = /madeup-core listening on (\S+)/.exec(out)?.[1];
      check();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString('utf8')).slice(-8000);
      adminToken ??= /admin token \(shown once[^:]*\): (\S+)/.exec(err)?.[1];
      check();
    });
    child.once('close', (code) =>
      reject(new Error(`madeup-core serve exited (${code}) before it was ready:\n${err}`)),
    );
  });
}
