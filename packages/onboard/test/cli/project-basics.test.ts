import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const PACKAGES = readdirSync(join(ROOT, 'packages')).filter((p) =>
  existsSync(join(ROOT, 'packages', p, 'package.json')),
);

/** The Dockerfile's instructions, one per entry, continuation lines joined. */
function dockerfile(): string[] {
  return read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

/** Runs `args` (argv[0] is `node`) with cwd at the repository root, as WORKDIR /work does. */
function start(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const [command, ...rest] = args;
  expect(command).toBe('node');
  const child = spawn(process.execPath, rest, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, exited, output: () => out };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('project basics: license, examples index, the deployment image', () => {
  it('LICENSE is the Apache License 2.0, and every package.json says so', () => {
    expect(read('LICENSE')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    for (const file of ['package.json', ...PACKAGES.map((p) => `packages/${p}/package.json`)]) {
      expect((JSON.parse(read(file)) as { license?: string }).license, file).toBe('Apache-2.0');
    }
  });

  it('examples/README.md links every example', () => {
    const index = read('examples/README.md');
    const entries = readdirSync(join(ROOT, 'examples')).filter((name) => name !== 'README.md');
    expect(entries.length).toBeGreaterThan(3);
    for (const name of entries) {
      const isDir = !name.includes('.');
      expect(index, name).toContain(`](${name}${isDir ? '/' : ''})`);
    }
    for (const name of readdirSync(join(ROOT, 'examples/deploy')))
      expect(index, name).toContain(`](deploy/${name})`);
  });

  it('the Dockerfile copies what exists, installs every workspace, and builds the image compose.yaml runs', () => {
    const lines = dockerfile();
    const copies = lines.filter((l) => l.startsWith('COPY ') && !l.includes('--from='));
    for (const copy of copies) {
      const sources = copy.split(/\s+/).slice(1, -1);
      for (const source of sources) expect(existsSync(join(ROOT, source)), source).toBe(true);
    }
    for (const p of PACKAGES) expect(copies, p).toContain(`COPY packages/${p}/package.json packages/${p}/`);
    expect(lines).toContain('WORKDIR /work');
    const compose = parse(read('examples/deploy/compose.yaml')) as {
      'x-node': { image: string; working_dir: string };
    };
    expect(compose['x-node'].working_dir).toBe('/work');
    expect(compose['x-node'].image).toContain('madeup/etl');
    expect(read('Dockerfile')).toContain('docker build -t madeup/etl:latest .');
  });

  it("the image's default command, run as a plain process in the repository, prints onboard's help", async () => {
    const cmd = dockerfile().find((l) => l.startsWith('CMD '));
    const args = JSON.parse(cmd?.slice(4) ?? '[]') as string[];
    const run = start(args);
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('Usage: onboard');
  });

  it("compose's core command, run as a plain process, serves core (on a free local port and a temp data dir)", async () => {
    const compose = parse(read('examples/deploy/compose.yaml')) as {
      services: { core: { command: string[] } };
    };
    const command = [...compose.services.core.command];
    const port = String(await freePort());
    // The same command; only where it listens and keeps its data differ on this machine.
    command[command.indexOf('--host') + 1] = '127.0.0.1';
    command[command.indexOf('--port') + 1] = port;
    const dataDir = await mkdtemp(join(tmpdir(), 'image-core-'));
    const run = start([...command, '--data-dir', dataDir]);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (run.output().includes(`listening on http://127.0.0.1:${port}`)) {
            clearInterval(timer);
            resolve();
          }
        }, 100);
        void run.exited.then(() => {
          clearInterval(timer);
          reject(new Error(`core ended: ${run.output()}`));
        });
      });
      const health = await fetch(`http://127.0.0.1:${port}/v1/schema`);
      expect(health.status).toBeLessThan(500);
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
