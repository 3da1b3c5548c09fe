import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningCore, type StartOptions, startCore } from '@madeup/core';
import { generateVendorX } from '../pipeline/pipeline-support.ts';

/** A temporary directory holding a quiet embedded core (in `core/`) and a Vendor X source file. */
export interface CoreWorkspace {
  readonly dir: string;
  readonly core: RunningCore;
  /** `vendor-x.sqlite` in `dir`; written only when the workspace was opened with `rows`. */
  readonly file: string;
  /** Stops core and removes the directory. */
  close(): Promise<void>;
}

/**
 * Makes a temporary directory named after `prefix`, starts core in it (no log output; `core`
 * options are added to that) and, given `rows`, generates a seeded Vendor X source of that many
 * rows. When any step fails, what was made is removed before the error is thrown.
 */
export async function openCoreWorkspace(
  prefix: string,
  options: { rows?: number; core?: StartOptions } = {},
): Promise<CoreWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  let core: RunningCore | undefined;
  const close = async () => {
    await core?.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
      ...options.core,
    });
    const file = join(dir, 'vendor-x.sqlite');
    if (options.rows !== undefined) await generateVendorX(file, options.rows);
    return { dir, core, file, close };
  } catch (error) {
    await close();
    throw error;
  }
}
