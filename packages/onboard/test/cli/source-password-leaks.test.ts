import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningCore, startCore } from '@madeup/core';
import {
  createTestDatabase,
  describeWithServer,
  freePort,
  POSTGRES,
  passwordForms,
  type TestDatabase,
} from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateVendorX, MAPPING } from '../pipeline/pipeline-support.ts';
import { runCli } from '../support/run-cli.ts';

/**
 * `onboard run` given `--source` URLs with hostile passwords: one that connects (the shared
 * PostgreSQL trusts its users, so any password is accepted) and whose run is stored, then ones that
 * cannot connect or do not parse. Neither stderr nor the run store's file (every run's URLs, options
 * and error texts) holds a password in any form; stderr still names the source's host.
 */

/** The run store's files as text (the database and its write-ahead log). */
function storeText(file: string): string {
  return ['', '-wal', '-journal']
    .map((suffix) => `${file}${suffix}`)
    .filter((path) => existsSync(path))
    .map((path) => readFileSync(path).toString('utf8'))
    .join('\n');
}

describeWithServer('hostile source passwords given to onboard', POSTGRES, () => {
  let dir: string;
  let core: RunningCore;
  let token: string;
  let source: TestDatabase;
  let store: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-source-pw-'));
    store = join(dir, 'runs.sqlite');
    core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
    token = (await core.createTenant(`srcpw-${process.pid}-${Date.now() % 100000}`)).token;
    source = await createTestDatabase('postgres', 'srcpw');
    await generateVendorX(source.url, 100);
  }, 120_000);
  afterAll(async () => {
    await source?.drop();
    await core?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const run = (url: string) =>
    runCli(
      'run',
      '--mapping',
      MAPPING,
      '--source',
      url,
      '--core',
      core.url,
      '--token',
      token,
      '--store',
      store,
    );

  it('a run that connects stores no form of the password', async () => {
    const password = 'Tr\u00fcst "me" @:/?#%41 \\ ok';
    const url = new URL(source.url);
    url.password = encodeURIComponent(password);
    const result = await run(url.toString());
    expect({ code: result.code, err: result.err }).toEqual({ code: 0, err: expect.stringMatching(/^run r/) });
    const stored = storeText(store);
    expect(stored).toContain(url.hostname);
    const shown = `${result.out}\n${result.err}\n${stored}`;
    expect(passwordForms(password, url.password).filter((form) => shown.includes(form))).toEqual([]);
  }, 120_000);

  it('sources that cannot connect or do not parse: no form of the password on stderr or in the store', async () => {
    const port = await freePort();
    const cases = [
      {
        password: 'N0-route "x" @:/?#',
        written: encodeURIComponent('N0-route "x" @:/?#'),
        scheme: 'postgres',
        parses: true,
      },
      { password: 'raw@pass:w0rd\\"x', written: 'raw@pass:w0rd\\"x', scheme: 'mysql', parses: true },
      { password: 'bad/pa ss?w0rd', written: 'bad/pa ss?w0rd', scheme: 'postgres', parses: false },
    ];
    for (const { password, written, scheme, parses } of cases) {
      const result = await run(`${scheme}://reader:${written}@127.0.0.1:${port}/vendor`);
      expect(result.code).not.toBe(0);
      expect(result.err).toMatch(
        parses ? `${scheme}://reader:***@127.0.0.1:${port}/vendor` : /not a valid URL/,
      );
      const shown = `${result.out}\n${result.err}\n${storeText(store)}`;
      expect({
        err: result.err,
        leaks: passwordForms(password, written).filter((f) => shown.includes(f)),
      }).toEqual({
        err: result.err,
        leaks: [],
      });
    }
  }, 120_000);
});
