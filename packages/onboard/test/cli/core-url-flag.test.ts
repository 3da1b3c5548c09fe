import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkedCoreUrl } from '../../src/cli/core-url.ts';
import { runCli } from '../support/run-cli.ts';

const MAPPING = fileURLToPath(new URL('../../../../examples/vendor-x/mapping.yaml', import.meta.url));

// A --core without its scheme was an internal error (exit 1: `new URL` threw in the probe), and
// `localhost:8080` or `htp://` "core is not reachable" (exit 4): both are a flag of the wrong form.
describe('--core that is not an http(s) URL', () => {
  it('is a usage error naming the value, for run, plan, check and console (exit 2)', async () => {
    const mapping = ['--mapping', 'm.yaml', '--source', 'sqlite:/nowhere.sqlite'];
    const cases: [string[], string][] = [
      [['run', ...mapping, '--token', 'mut_x', '--core', '127.0.0.1:8080'], '127.0.0.1:8080'],
      [['plan', ...mapping, '--token', 'mut_x', '--core', 'localhost:8080'], 'localhost:8080'],
      [['check', '--mapping', MAPPING, '--core', 'htp://127.0.0.1:8080'], 'htp://127.0.0.1:8080'],
      [['console', '--store', '/nowhere/runs.sqlite', '--core', 'localhost:1'], 'localhost:1'],
    ];
    for (const [args, shown] of cases) {
      const result = await runCli(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err, args.join(' ')).toMatch(
        new RegExp(
          `^onboard: --core.* must be core's http:// or https:// URL, like http://127\\.0\\.0\\.1:8080, not "${shown.replace(/\./g, '\\.')}"\\n$`,
        ),
      );
    }
  });

  it('keeps http and https URLs as given, and shows a stray blank', () => {
    expect(checkedCoreUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(checkedCoreUrl('https://core.example/base/')).toBe('https://core.example/base/');
    expect(() => checkedCoreUrl('http://127.0.0.1:8080 ')).toThrow('not "http://127.0.0.1:8080 "');
    expect(() => checkedCoreUrl('http://u:hunter22@core:8080 x')).toThrow(
      /not "http:\/\/u:\*\*\*@core:8080 x"/,
    );
  });

  it('another web server at --core: a 404 for the schema asks whether --core is core (check and run)', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html' }).end('<html>Not Found</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const hint =
        '; is --core the base URL of madeup-core serve (like http://127.0.0.1:8080, without /v1)?\n';
      const check = await runCli('check', '--mapping', MAPPING, '--core', url);
      expect(check.err).toBe(`onboard: core answered 404 to GET ${url}/v1/schema${hint}`);
      const run = await runCli(
        'plan',
        '--mapping',
        MAPPING,
        '--source',
        'sqlite:/nowhere.sqlite',
        '--core',
        url,
        '--token',
        'mut_x',
      );
      expect(run.err).toMatch(/^onboard: cannot read core's schema at http:\/\/127\.0\.0\.1:\d+: .*404/);
      expect(run.err.endsWith(hint)).toBe(true);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
