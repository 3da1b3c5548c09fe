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
});
