import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CHINOOK_DIR, describeWithServer, POSTGRES } from '@madeup/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseMappingText } from '../../src/mapping/mapping-text.ts';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import { generateVendorX, ROOT, runImport } from '../pipeline/pipeline-support.ts';
import { runCli } from '../support/run-cli.ts';
import { useE2eCore } from './e2e-support.ts';

type Doc = {
  entities: Record<string, { fields: Record<string, unknown> }>;
};

/**
 * `onboard mapping init` on Chinook, Vendor X and the normalised shop (SQLite sources, a SQLite
 * tenant): the draft passes `onboard check` (the shop's lists its one problem), and `onboard run` imports it after the fixes docs/mappings.md lists
 * ("Measured on Chinook and Vendor X"), applied here to the drafted file.
 */
describeWithServer('mapping init end to end', POSTGRES, () => {
  const fixture = useE2eCore();
  let token: string;
  beforeAll(async () => {
    token = (await fixture().tenant('sqlite')).token;
  });

  /** Drafts, checks (`problems` left: exit 3 with that many), fixes and runs. */
  async function draftCheckRun(
    name: string,
    source: string,
    fix: (doc: Doc) => void,
    problems = 0,
  ): Promise<RunSummary> {
    const out = join(fixture().dir, `${name}.yaml`);
    const core = fixture().core.url;
    const init = await runCli(
      'mapping',
      'init',
      '--source',
      source,
      '--core',
      core,
      '--token',
      token,
      '--out',
      out,
      '--name',
      name,
    );
    expect(init.code, init.err).toBe(0);
    const check = await runCli(
      'check',
      '--mapping',
      out,
      '--source',
      source,
      '--core',
      core,
      '--token',
      token,
    );
    if (problems === 0) {
      expect(init.err).toContain('the draft passes onboard check');
      expect(check.code, check.err).toBe(0);
    } else {
      expect(init.err).toContain(`${problems} problem(s) left in the draft for onboard check`);
      const missing = check.err.split('\n').filter((line) => line.includes('[missing_required_field]'));
      expect([check.code, missing.length]).toEqual([3, problems]);
    }
    const doc = parseMappingText(await readFile(out, 'utf8')).data as Doc;
    fix(doc);
    await writeFile(out, stringify(doc));
    return runImport({
      mappingPath: out,
      sourceUrl: source,
      coreUrl: core,
      token,
      storeUrl: join(fixture().dir, `runs-${name}.sqlite`),
      dryRun: false,
    });
  }

  describe('Chinook', () => {
    it('imports every row of the six drafted entities as drafted: country names become codes by the drafted lookup', async () => {
      const summary = await draftCheckRun(
        'chinook-draft',
        `sqlite:${join(CHINOOK_DIR, 'Chinook_Sqlite.sqlite')}`,
        () => {},
      );
      expect(summary.status).toBe('succeeded');
      const counts = Object.fromEntries(
        summary.entities.map((e) => [e.entity, [e.read, e.created, e.rejected]]),
      );
      expect(counts).toEqual({
        staff: [8, 8, 0],
        customers: [59, 59, 0],
        products: [3503, 3503, 0],
        invoices: [412, 412, 0],
        invoiceLines: [2240, 2240, 0],
        payments: [412, 412, 0],
      });
    });
  });

  describe('the normalised shop', () => {
    it('imports every row as drafted, the address and the payment’s customer read through joins', async () => {
      const file = join(fixture().dir, 'shop.sqlite');
      await promisify(execFile)(process.execPath, [
        join(ROOT, 'examples/normalised/generate.ts'),
        ...['--target', `sqlite:${file}`, '--customers', '60', '--seed', '3'],
      ]);
      const summary = await draftCheckRun('shop-draft', `sqlite:${file}`, () => {});
      expect(summary.status).toBe('succeeded');
      const counts = Object.fromEntries(
        summary.entities.map((e) => [e.entity, [e.read, e.created, e.rejected]]),
      );
      expect(counts).toEqual({
        staff: [9, 9, 0],
        locations: [3, 3, 0],
        customers: [60, 60, 0],
        products: [40, 40, 0],
        invoices: [180, 180, 0],
        invoiceLines: [180, 180, 0],
        payments: [90, 90, 0],
      });
    });
  });

  describe('Vendor X', () => {
    it('imports all seven drafted entities once the payment method codes are looked up', async () => {
      const file = join(fixture().dir, 'vendor-x.sqlite');
      await generateVendorX(file, 1500);
      const summary = await draftCheckRun('vendor-x-draft', `sqlite:${file}`, (doc) => {
        doc.entities['payments']!.fields['method'] = {
          lookup: 'pmt_method',
          values: { CC: 'card', CHK: 'cheque', CASH: 'cash', ACH: 'bank_transfer', WIRE: 'bank_transfer' },
          default: { const: 'other' },
        };
      });
      expect(summary.status).toBe('succeeded');
      expect(summary.entities.map((e) => e.entity).sort()).toEqual([
        'customers',
        'invoiceLines',
        'invoices',
        'locations',
        'payments',
        'products',
        'staff',
      ]);
      for (const entity of summary.entities) {
        expect(entity.created, entity.entity).toBeGreaterThan(0);
        // What is left: the dirt the hand-written mapping rejects too, plus creation dates in no format.
        expect(entity.rejected, entity.entity).toBeLessThanOrEqual(entity.read * 0.05);
      }
      const staff = summary.entities.find((e) => e.entity === 'staff')!;
      expect([staff.rejected, staff.created]).toEqual([0, staff.read]);
    });
  });
});
