import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindOf } from '../../src/errors/kind-of.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';

// A SQLite store that could not be opened was SQLite's bare "unable to open database file" or
// "file is not a database" (which file?), and a --store under a file an internal EEXIST error.
describe('a SQLite run store that cannot be opened', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-store-open-'));
    file = join(dir, 'mapping.yaml');
    await writeFile(file, 'source: x\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('under a file: a config error naming the store and the file in its way', async () => {
    const error = await openRunStore(join(file, 'runs.sqlite')).catch((e: unknown) => e);
    expect(kindOf(error)).toBe('config');
    expect((error as Error).message).toBe(
      `cannot open the run store at ${join(file, 'runs.sqlite')}: a part of the folder ${file} is a file`,
    );
  });

  it('a file that is not a database: a config error naming it', async () => {
    const error = await openRunStore(file, 'existing').catch((e: unknown) => e);
    expect(kindOf(error)).toBe('config');
    expect((error as Error).message).toBe(
      `cannot open the run store at ${file}: file is not a database: is --store (or ONBOARD_STORE) a run store?`,
    );
  });
});
