import { spawn } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `npm run demo` as the README gives it (through examples/demo.js), at a small size in a temp dir. */
function runDemo(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'examples/demo.js'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run demo', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('imports a small Vendor X database twice, the second time changing nothing', async () => {
    dir = await mkdtemp(join(tmpdir(), 'madeup-demo-'));
    const home = join(dir, 'demo');
    const result = await runDemo(['--rows', '600', '--seed', '7', '--dir', home]);
    expect(result.stderr).not.toMatch(/^\s+at .+[(:]\d+/m);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('tenant "demo" provisioned on SQLite');
    expect(result.stdout).toMatch(/second run: [\d,]+ records unchanged, none created or updated/);
    await access(join(home, 'rejected.csv'));
    await access(join(home, 'runs.sqlite'));
  }, 120_000);
});
