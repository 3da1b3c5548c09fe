import { execFile, spawn } from 'node:child_process';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const RUN_ALL = fileURLToPath(new URL('../run-all.ts', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('run-all', () => {
  let dir: string;
  const runAll = (...args: string[]) =>
    run(process.execPath, [RUN_ALL, '--dir', dir, '--out', join(dir, 'OUT.md'), ...args]).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-run-all-'));
    await writeFile(join(dir, 'a-ok.ts'), "process.stdout.write('## Alpha\\n\\nfigures 42\\n');\n");
    await writeFile(join(dir, 'b-fail.ts'), "process.stderr.write('boom\\n');\nprocess.exit(3);\n");
    await writeFile(join(dir, 'c-child.ts'), "process.stdout.write('## Child ran\\n');\n");
    await writeFile(join(dir, 'd-plain.ts'), "process.stdout.write('just text');\n");
    await writeFile(join(dir, 'e-helper.ts'), 'export const helper = () => 1;\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs every script but children and silent helpers, keeps going past a failure, writes them all and exits 1', async () => {
    const result = await runAll();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('boom');
    const out = await readFile(join(dir, 'OUT.md'), 'utf8');
    expect(out).toMatch(/^# Benchmarks\n/);
    expect(out).toContain(`| Node.js | ${process.version}`);
    expect(out).toContain('## Alpha\n\nfigures 42');
    expect(out).toContain('**b-fail failed (exit 3).**');
    expect(out).toContain('## d-plain\n\njust text');
    expect(out).not.toContain('Child ran');
    expect(out).not.toContain('e-helper');
    expect(out.indexOf('## Alpha')).toBeLessThan(out.indexOf('b-fail failed'));
  });

  it('runs only the scripts named, and refuses unknown names', async () => {
    const only = await runAll('--only', 'a-ok', '--quick');
    expect(only.code).toBe(0);
    const out = await readFile(join(dir, 'OUT.md'), 'utf8');
    expect(out).toContain('Quick run');
    expect(out).toContain('## Alpha');
    expect(out).not.toContain('d-plain');
    const unknown = await runAll('--only', 'nope');
    expect(unknown.stderr).not.toContain('Alpha');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown benchmark(s): nope');
  });

  it('stops the running script when it is stopped itself', async () => {
    const slowDir = await mkdtemp(join(tmpdir(), 'bench-run-all-slow-'));
    const started = join(slowDir, 'started');
    const finished = join(slowDir, 'finished');
    await writeFile(
      join(slowDir, 'slow.ts'),
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(started)}, 'x');\n` +
        `setTimeout(() => writeFileSync(${JSON.stringify(finished)}, 'x'), 2000);\n`,
    );
    const child = spawn(process.execPath, [RUN_ALL, '--dir', slowDir, '--out', join(slowDir, 'OUT.md')], {
      stdio: 'ignore',
    });
    let ended = false;
    const closed = new Promise((resolve) => child.on('close', resolve)).finally(() => {
      ended = true;
    });
    // Two processes to start, slow on a loaded machine: waited for up to the test's timeout.
    while (!ended && !(await exists(started))) await sleep(50);
    expect(await exists(started)).toBe(true);
    child.kill('SIGTERM');
    await closed;
    await sleep(2500);
    expect(await exists(finished)).toBe(false);
    expect(await exists(join(slowDir, 'OUT.md'))).toBe(false);
    await rm(slowDir, { recursive: true, force: true });
  });
});
