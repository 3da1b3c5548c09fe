import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { InvalidTargetError, MIN_ROWS, parseTarget, VENDOR_X_TABLES, vendorXSizes } from '../index.ts';
import { expectedDigest } from './content-digest.ts';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../generate.ts', import.meta.url));

describe('vendorXSizes', () => {
  it('splits a million rows by the documented ratios, adding up to exactly N', () => {
    expect(vendorXSizes(1_000_000)).toEqual({
      branch: 500,
      emp: 5000,
      item: 10_000,
      client: 100_000,
      inv_hdr: 200_000,
      inv_det: 500_000,
      pmt: 184_500,
    });
    for (const n of [MIN_ROWS, 101, 999, 12_345, 777_777]) {
      const sizes = vendorXSizes(n);
      expect(Object.values(sizes).reduce((a, b) => a + b, 0)).toBe(n);
      expect(sizes.emp).toBeGreaterThanOrEqual(sizes.branch);
      expect(sizes.inv_det).toBeGreaterThanOrEqual(sizes.inv_hdr);
      expect(sizes.pmt).toBeGreaterThan(0);
    }
  });

  it('refuses sizes that are too small or not integers', () => {
    expect(() => vendorXSizes(MIN_ROWS - 1)).toThrow(RangeError);
    expect(() => vendorXSizes(1000.5)).toThrow(/integer/);
  });
});

describe('row builders', () => {
  it('give the same rows for the same seed and other rows for another seed', () => {
    for (const table of VENDOR_X_TABLES) {
      const a = expectedDigest(table, 7, 2000);
      expect(expectedDigest(table, 7, 2000), table.name).toBe(a);
      expect(expectedDigest(table, 8, 2000), table.name).not.toBe(a);
      expect(expectedDigest(table, 'seven', 2000), table.name).not.toBe(a);
    }
  });
});

describe('parseTarget', () => {
  it('reads the three kinds of target', () => {
    expect(parseTarget('sqlite:/tmp/x.sqlite')).toEqual({ kind: 'sqlite', path: '/tmp/x.sqlite' });
    expect(parseTarget('sqlite:///tmp/x.sqlite')).toEqual({ kind: 'sqlite', path: '/tmp/x.sqlite' });
    expect(parseTarget('sqlite:rel/x.sqlite', '/base')).toEqual({
      kind: 'sqlite',
      path: '/base/rel/x.sqlite',
    });
    expect(parseTarget('postgres://u@h:5432/db')).toEqual({
      kind: 'postgres',
      url: 'postgres://u@h:5432/db',
    });
    expect(parseTarget('mariadb://u@h/db')).toEqual({ kind: 'mysql', url: 'mysql://u@h/db' });
  });

  it('names what is wrong, and never repeats a password', () => {
    const attempts = ['oracle://u:s3cret@h/db', 'postgres://u:s3cret@h:5432', 'not a url s3cret', 'sqlite:'];
    for (const url of attempts) {
      let error: unknown;
      try {
        parseTarget(url);
      } catch (e) {
        error = e;
      }
      expect(error, url).toBeInstanceOf(InvalidTargetError);
      expect((error as Error).message).not.toContain('s3cret');
    }
    expect(() => parseTarget('oracle://h/db')).toThrow(/unsupported target scheme "oracle"/);
    expect(() => parseTarget('mysql://root@h:3306')).toThrow(/must name a database/);
  });
});

describe('generate.ts command line', () => {
  it('generates into a SQLite file, then touches it, printing JSON summaries', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vendorx-cli-'));
    try {
      const { stdout } = await run(process.execPath, [
        CLI,
        '--target',
        `sqlite:${dir}/v.sqlite`,
        '--rows',
        '300',
        '--quiet',
      ]);
      const summary = JSON.parse(stdout);
      expect(summary.tables).toEqual(vendorXSizes(300));
      expect(summary.seed).toBe(1);
      const touched = await run(process.execPath, [
        CLI,
        '--target',
        `sqlite:${dir}/v.sqlite`,
        '--rows',
        '300',
        '--touch',
        '5',
      ]);
      expect(JSON.parse(touched.stdout)).toMatchObject({
        at: '2025-01-01 00:00:00',
        items: [expect.any(Number)],
      });
      expect(JSON.parse(touched.stdout).clients).toHaveLength(5);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with the usage on bad arguments, and with a clear message on a bad target', async () => {
    await expect(run(process.execPath, [CLI, '--rows', '10'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--target and --rows'),
    });
    await expect(
      run(process.execPath, [CLI, '--target', 'oracle://u:pw@h/db', '--rows', '500']),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('unsupported target scheme') });
  });
});
