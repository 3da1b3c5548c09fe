import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a command run by `loadedModules` printed, its exit code and every module it loaded. */
export interface LoadedModules {
  code: number;
  stdout: string;
  stderr: string;
  /** The URL of every module loaded (`node:*` built-ins, files, packages), in load order. */
  modules: string[];
}

/**
 * The heavy dependencies a command that only prints text (`--version`, `--help`) must not load:
 * the database drivers, the servers, the queue and the SQL builder (each costs tens to hundreds of
 * milliseconds of CPU at every start).
 */
export const HEAVY_PACKAGES = [
  'pg',
  'mysql2',
  'better-sqlite3',
  'fastify',
  'bullmq',
  'ioredis',
  'kysely',
  'pino',
] as const;

/** The packages of `HEAVY_PACKAGES` among `modules` (URLs of loaded modules). */
export function heavyPackagesIn(modules: readonly string[]): string[] {
  return HEAVY_PACKAGES.filter((name) => modules.some((url) => url.includes(`/node_modules/${name}/`)));
}

/**
 * Runs `node BIN ...args` with a module hook preloaded (`--import`, so a bin that restarts itself
 * with its own flags keeps it) that appends the URL of every module loaded, by `import` or
 * `require`, to a file; resolves with the exit code, the output and those URLs.
 */
export async function loadedModules(
  bin: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<LoadedModules> {
  const dir = await mkdtemp(join(tmpdir(), 'loaded-modules-'));
  try {
    const list = join(dir, 'modules.txt');
    const probe = join(dir, 'probe.mjs');
    await writeFile(list, '');
    await writeFile(
      probe,
      [
        "import { appendFileSync } from 'node:fs';",
        "import { registerHooks } from 'node:module';",
        `const list = ${JSON.stringify(list)};`,
        "registerHooks({ load(url, context, next) { appendFileSync(list, url + '\\n'); return next(url, context); } });",
        '',
      ].join('\n'),
    );
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
      (resolve) => {
        execFile(process.execPath, ['--import', probe, bin, ...args], { env }, (error, stdout, stderr) =>
          resolve({
            code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
            stdout,
            stderr,
          }),
        );
      },
    );
    const modules = (await readFile(list, 'utf8')).split('\n').filter((line) => line !== '');
    return { code, stdout, stderr, modules };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
