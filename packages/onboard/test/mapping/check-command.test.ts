import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCore } from '@madeup/core';
import { CHINOOK_DIR } from '@madeup/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { CORE_SCHEMA } from './fixtures/core-schema.ts';

const EXAMPLE = join(import.meta.dirname, '../../../../examples/chinook');
const SOURCE = `sqlite:${CHINOOK_DIR}/Chinook_Sqlite.sqlite`;

let dir: string;
let core: Server;
let coreUrl: string;
const seenTokens: (string | undefined)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onboard-check-'));
  await writeFile(join(dir, 'schema.json'), JSON.stringify(CORE_SCHEMA));
  core = createServer((req, res) => {
    seenTokens.push(req.headers.authorization);
    if (req.url !== '/v1/schema') return void res.writeHead(404).end();
    if (req.headers.authorization !== 'Bearer s3cret') {
      res.writeHead(401, { 'content-type': 'application/problem+json' });
      return void res.end(
        JSON.stringify({ title: 'Unauthorized', detail: 'a valid token is required', status: 401 }),
      );
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(CORE_SCHEMA));
  });
  await new Promise<void>((resolve) => core.listen(0, '127.0.0.1', resolve));
  coreUrl = `http://127.0.0.1:${(core.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => core.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const run = runCli;

describe('onboard check', () => {
  it('passes the Chinook example against the real SQLite source and core’s schema over HTTP', async () => {
    const result = await run(
      'check',
      '--mapping',
      join(EXAMPLE, 'mapping.yaml'),
      '--source',
      SOURCE,
      '--core',
      coreUrl,
      '--token',
      's3cret',
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(/mapping\.yaml: ok \(core schema test-1, 12 source stream\(s\)\)/);
  });

  it('passes against a real core started embedded, whose schema is public', async () => {
    const core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
    try {
      const result = await run(
        'check',
        '--mapping',
        join(EXAMPLE, 'mapping.yaml'),
        '--source',
        SOURCE,
        '--core',
        core.url,
      );
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toMatch(/: ok \(core schema [0-9a-f]{16}, 12 source stream\(s\)\)\n$/);
    } finally {
      await core.close();
    }
  });

  it('prints every problem as file:line:col and exits 1', async () => {
    const text = (await readFile(join(EXAMPLE, 'mapping.yaml'), 'utf8'))
      .replace('FROM Employee', 'FROM Employe')
      .replace('title: Title', 'title: Titel')
      .replace('      quantity: Quantity\n', '');
    const file = join(dir, 'bad.yaml');
    await writeFile(file, text);
    await writeFile(join(dir, 'hooks.ts'), await readFile(join(EXAMPLE, 'hooks.ts'), 'utf8'));
    const result = await run(
      'check',
      '--mapping',
      file,
      '--source',
      SOURCE,
      '--schema',
      join(dir, 'schema.json'),
    );
    expect(result.code).toBe(3);
    const lines = result.err.trim().split('\n');
    expect(lines.slice(0, -2).map((line) => line.replace(file, 'F').replace(/: .*\[/, ' ['))).toEqual([
      'F:74:12 [unknown_stream]',
      'F:91:14 [unknown_column]',
      'F:160:5 [missing_required_field]',
    ]);
    expect(lines[0]).toContain('custom query "chinook_offices" fails: no such table: Employe');
    expect(lines.at(-2)).toBe(`3 problem(s) in ${file}`);
  });

  it('fails clearly when core refuses the token, without printing it', async () => {
    const result = await run(
      'check',
      '--mapping',
      join(EXAMPLE, 'mapping.yaml'),
      '--core',
      coreUrl,
      '--token',
      'wrong-token',
    );
    expect(result.code).toBe(4);
    expect(result.err).toBe(
      `onboard: core answered 401 to GET ${coreUrl}/v1/schema: a valid token is required\n`,
    );
    expect(seenTokens.at(-1)).toBe('Bearer wrong-token');
  });

  it('needs exactly one of --core and --schema', async () => {
    const result = await run('check', '--mapping', join(EXAMPLE, 'mapping.yaml'));
    expect(result).toMatchObject({ code: 2, err: 'onboard: give exactly one of --core and --schema\n' });
  });
});

describe('onboard mapping schema', () => {
  it('prints the JSON Schema, completed from core’s model when given --core', async () => {
    const plain = await run('mapping', 'schema');
    expect(JSON.parse(plain.out).properties.entities.additionalProperties).toBeDefined();
    const live = await run('mapping', 'schema', '--core', coreUrl, '--token', 's3cret');
    expect(Object.keys(JSON.parse(live.out).properties.entities.properties)).toContain('invoiceLines');
  });
});
