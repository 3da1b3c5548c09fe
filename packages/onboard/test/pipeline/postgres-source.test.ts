import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { type RunningCore, startCore } from '@madeup/core';
import { createTestDatabase, describeWithServer, POSTGRES, type TestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LineProgress } from '../../src/progress/line-progress.ts';
import { generateVendorX, MAPPING, outcome, runImport } from './pipeline-support.ts';

const ROWS = 2000;

describeWithServer('pipeline from a PostgreSQL source into a run store on PostgreSQL', POSTGRES, () => {
  let dir: string;
  let core: RunningCore;
  let pgSource: TestDatabase;
  let pgStore: TestDatabase;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-pg-'));
    core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
    [pgSource, pgStore] = await Promise.all([
      createTestDatabase('postgres', 'pgsrc'),
      createTestDatabase('postgres', 'pgstore'),
    ]);
    await Promise.all([generateVendorX(pgSource.url, ROWS), generateVendorX(join(dir, 'vx.sqlite'), ROWS)]);
  });
  afterAll(async () => {
    await core?.close();
    await pgSource?.drop();
    await pgStore?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a PostgreSQL source under one exported snapshot, ending like the same data from SQLite', async () => {
    const common = { mappingPath: MAPPING, coreUrl: core.url, dryRun: false, partitionRows: 300 };
    const out = new PassThrough();
    let notes = '';
    out.on('data', (chunk: Buffer) => {
      notes += chunk.toString();
    });
    const fromPostgres = await runImport(
      {
        ...common,
        sourceUrl: pgSource.url,
        token: (await core.createTenant(`pgsrc-${process.pid}`)).token,
        storeUrl: pgStore.url,
      },
      new LineProgress(out, 60_000),
    );
    expect(notes).toContain('run r');
    expect(notes).not.toContain('no consistent snapshot');
    const fromSqlite = await runImport({
      ...common,
      sourceUrl: `sqlite:${join(dir, 'vx.sqlite')}`,
      token: (await core.createTenant(`sqsrc-${process.pid}`)).token,
      storeUrl: join(dir, 'runs.sqlite'),
    });
    expect(fromPostgres.status).toBe('succeeded');
    expect(fromPostgres.reconciliation.every((r) => r.status === 'match')).toBe(true);
    const counts = (s: typeof fromPostgres) =>
      Object.fromEntries(
        Object.entries(outcome(s.entities)).map(([entity, o]) => [entity, [o.read, o.accepted, o.rejected]]),
      );
    expect(counts(fromPostgres)).toEqual(counts(fromSqlite));
    expect(Object.values(counts(fromPostgres)).reduce((sum, [read]) => sum + (read ?? 0), 0)).toBe(ROWS);
  });
});
