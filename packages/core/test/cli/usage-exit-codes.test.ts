import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

/** Runs `madeup-core ...args` in this process: its exit code and what it wrote to stderr. */
async function core(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return { code: await main(['node', 'madeup-core', ...args]), stderr };
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}

describe('madeup-core: usage errors of subcommands exit 2 (docs/running.md, "Exit codes")', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('a missing argument, an unknown subcommand or flag below the top level is 2, not 1', async () => {
    expect(await core('tenant', 'create')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("missing required argument 'id'"),
    });
    expect(await core('tenant', 'lst')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("unknown command 'lst'"),
    });
    expect((await core('serve', '--bogus')).code).toBe(2);
    expect((await core('tenant', 'create', '--help')).code).toBe(0);
  });

  it('a --server that is not an http(s) URL is a usage error naming it, not "cannot reach core"', async () => {
    vi.stubEnv('MADEUP_ADMIN_TOKEN', 'mua_not-used');
    for (const server of ['127.0.0.1:8080', 'htp://127.0.0.1:8080']) {
      expect(await core('tenant', 'list', '--server', server)).toEqual({
        code: 2,
        stderr: `madeup-core: --server (or MADEUP_SERVER) must be core's http:// or https:// URL, like http://127.0.0.1:8080, not "${server}"\n`,
      });
    }
  });

  it('a dialect that is not sqlite, postgres or mysql is a usage error naming it (core answered 400 invalid_request)', async () => {
    vi.stubEnv('MADEUP_ADMIN_TOKEN', 'mua_not-used');
    expect(await core('tenant', 'create', 'x', '--dialect', 'oracle')).toEqual({
      code: 2,
      stderr: 'madeup-core: --dialect must be sqlite, postgres or mysql, not "oracle"\n',
    });
    vi.stubEnv('MADEUP_DEFAULT_DIALECT', 'pg');
    expect(await core('serve', '--port', '0')).toEqual({
      code: 2,
      stderr:
        'madeup-core: --default-dialect (or MADEUP_DEFAULT_DIALECT) must be sqlite, postgres or mysql, not "pg"\n',
    });
  });

  it('serve: a --port that is no port number is a usage error (it was a Node.js RangeError, exit 1)', async () => {
    for (const port of ['abc', '70000', '-1'])
      expect(await core('serve', '--port', port)).toEqual({
        code: 2,
        stderr: `madeup-core: --port (or MADEUP_PORT) must be a whole number from 0 to 65535, not "${port}"\n`,
      });
  });

  it('serve: a port in use says so and what to do (it was "listen EADDRINUSE")', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as { port: number };
    const dataDir = await mkdtemp(join(tmpdir(), 'madeup-busy-port-'));
    try {
      expect(await core('serve', '--port', String(port), '--data-dir', dataDir)).toEqual({
        code: 1,
        stderr: `madeup-core: 127.0.0.1:${port} is in use by another process: pick another port with --port (or MADEUP_PORT), and give it to the other commands (--server, onboard --core)\n`,
      });
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('madeup-core: what a --server that is not core, or a wrong admin token, is told', () => {
  afterEach(() => vi.unstubAllEnvs());

  /** A local HTTP server answering every request with `status` and `body`; its URL. */
  async function answering(status: number, body: string, type: string, work: (url: string) => Promise<void>) {
    const server = createHttpServer((_request, response) => {
      response.writeHead(status, { 'content-type': type }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      await work(`http://127.0.0.1:${port}`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  it('another web server: says --server is not core (it was a JSON SyntaxError)', async () => {
    vi.stubEnv('MADEUP_ADMIN_TOKEN', 'mua_not-used');
    await answering(404, '<html>Not Found</html>', 'text/html', async (url) => {
      expect(await core('tenant', 'list', '--server', url)).toEqual({
        code: 1,
        stderr: `madeup-core: ${url} answered 404 with something other than core's JSON: is --server (or MADEUP_SERVER) the URL of madeup-core serve?\n`,
      });
    });
  });

  it('a 401: names the variable to check', async () => {
    vi.stubEnv('MADEUP_ADMIN_TOKEN', 'mua_wrong');
    const problem = JSON.stringify({ code: 'unauthorized', detail: 'unknown token' });
    await answering(401, problem, 'application/problem+json', async (url) => {
      expect(await core('tenant', 'list', '--server', url)).toEqual({
        code: 1,
        stderr: `madeup-core: core at ${url} answered 401 unauthorized: unknown token: check MADEUP_ADMIN_TOKEN (the admin token \`madeup-core serve\` printed once on stderr)\n`,
      });
    });
  });
});
