import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningCore, startCore } from '@madeup/core';
import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { generateVendorX, MAPPING } from '../pipeline/pipeline-support.ts';
import { runCli } from '../support/run-cli.ts';
import { createCustomerRun } from '../support/store-fixtures.ts';

/** Every command that only reads (or prunes) the run store, with the arguments it needs. */
const READERS: readonly (readonly string[])[] = [
  ['runs'],
  ['report', 'some-run'],
  ['status', 'some-run'],
  ['prune', '--older-than', '30d'],
  ['resume', 'some-run', '--token', 'mut_not-used'],
];

describe('reading commands never create a run store', () => {
  let dir: string;
  let core: RunningCore;
  let source: string;
  let token: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-nostore-'));
    core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
    source = join(dir, 'vendor-x.sqlite');
    await generateVendorX(source, 200);
    token = (await core.createTenant(`nostore-${process.pid}-${Date.now() % 100000}`)).token;
  }, 120_000);
  afterAll(async () => {
    await core?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a --store typo is "no run store at PATH", exit 3, and neither the folder nor a file appears', async () => {
    const typo = join(dir, 'TYPO', 'runs.sqlite');
    for (const args of READERS) {
      const result = await runCli(...args, '--store', typo);
      expect({ args, code: result.code }).toEqual({ args, code: 3 });
      expect(result.err).toBe(
        `onboard: no run store at ${typo}: check --store (or ONBOARD_STORE); \`onboard run\` creates it\n`,
      );
      expect(existsSync(join(dir, 'TYPO'))).toBe(false);
    }
  });

  it('an existing store still opens: runs lists its runs', async () => {
    const file = join(dir, 'existing.sqlite');
    const store = await openRunStore(file);
    await createCustomerRun(store, 'kept', {}).finally(() => store.close());
    const listed = await runCli('runs', '--store', file, '--json');
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.out) as { id: string }[]).map((r) => r.id)).toEqual(['kept']);
  });

  it('plan, which writes nothing, creates no store (and still reads an existing one)', async () => {
    const missing = join(dir, 'plan-store', 'runs.sqlite');
    const args = [
      'plan',
      '--mapping',
      MAPPING,
      '--source',
      `sqlite:${source}`,
      '--core',
      core.url,
      '--token',
      token,
    ];
    const planned = await runCli(...args, '--store', missing);
    expect(planned.err).toBe('');
    expect(planned.code).toBe(0);
    expect(planned.out).toMatch(/task\(s\), ~\d+ rows\n$/);
    expect(existsSync(join(dir, 'plan-store'))).toBe(false);
    const existing = join(dir, 'existing.sqlite');
    expect(await runCli(...args, '--store', existing)).toMatchObject({ code: 0, out: planned.out });
  });
});

describeEachDialect(
  'reading commands on a PostgreSQL database without a run store',
  (target) => {
    const database = useTestDatabase(target, 'nostore');

    it('runs says "no run store at URL" (password hidden), exit 3, and creates no table', async () => {
      const url = database().url;
      const result = await runCli('runs', '--store', url);
      expect(result.code).toBe(3);
      expect(result.err).toMatch(/^onboard: no run store at postgres(ql)?:\/\/\S+: check --store/);
      // Still nothing there: a run creates the store, and then runs reads it.
      expect((await runCli('runs', '--store', url)).code).toBe(3);
      await (await openRunStore(url)).close();
      expect(await runCli('runs', '--store', url)).toMatchObject({ code: 0 });
    });
  },
  ['postgres'],
);
