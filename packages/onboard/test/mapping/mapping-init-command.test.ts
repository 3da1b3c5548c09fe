import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHINOOK_DIR } from '@madeup/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMappingText } from '../../src/mapping/mapping-text.ts';
import { runCli } from '../support/run-cli.ts';
import { CORE_SCHEMA } from './fixtures/core-schema.ts';

let dir: string;
let schema: string;
let source: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onboard-init-'));
  schema = join(dir, 'schema.json');
  await writeFile(schema, JSON.stringify(CORE_SCHEMA));
  await copyFile(join(CHINOOK_DIR, 'Chinook_Sqlite.sqlite'), join(dir, 'Chinook.sqlite'));
  source = `sqlite:${join(dir, 'Chinook.sqlite')}`;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('onboard mapping init', () => {
  it('prints a draft on stdout that onboard check accepts, and what it chose on stderr', async () => {
    const result = await runCli('mapping', 'init', '--source', source, '--schema', schema);
    expect(result.code).toBe(0);
    const draft = parseMappingText(result.out).data as {
      source: string;
      entities: Record<string, { stream: string }>;
    };
    expect(draft.source).toBe('Chinook');
    expect(draft.entities['customers']?.stream).toBe('Customer');
    expect(result.out).toMatch(/^# Draft mapping written by `onboard mapping init`/);
    expect(result.err).toMatch(/^customers: Customer \(by name\), \d+ field\(s\), 1 reference\(s\)$/m);
    expect(result.err).toMatch(/draft: the draft passes onboard check/);
    await writeFile(join(dir, 'stdout.yaml'), result.out);
    const check = await runCli(
      'check',
      '--mapping',
      join(dir, 'stdout.yaml'),
      '--source',
      source,
      '--schema',
      schema,
    );
    expect(check).toMatchObject({ code: 0, err: '' });
  });

  it('writes --out, and never over an existing file without --force', async () => {
    const out = join(dir, 'draft.yaml');
    expect((await runCli('mapping', 'init', '--source', source, '--schema', schema, '--out', out)).code).toBe(
      0,
    );
    const first = await readFile(out, 'utf8');
    expect(first).toContain('stream: InvoiceLine');
    await writeFile(out, 'mine');
    const refused = await runCli('mapping', 'init', '--source', source, '--schema', schema, '--out', out);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/draft\.yaml exists; pass --force to overwrite it/);
    expect(await readFile(out, 'utf8')).toBe('mine');
    const forced = await runCli(
      'mapping',
      'init',
      '--source',
      source,
      '--schema',
      schema,
      '--out',
      out,
      '--force',
    );
    expect(forced).toMatchObject({ code: 0, out: '' });
    expect(await readFile(out, 'utf8')).toBe(first);
  });

  it('is a usage error without exactly one of --core and --schema, and a source error for a missing file', async () => {
    expect((await runCli('mapping', 'init', '--source', source)).code).toBe(2);
    const missing = await runCli(
      'mapping',
      'init',
      '--source',
      `sqlite:${join(dir, 'nope.sqlite')}`,
      '--schema',
      schema,
    );
    expect(missing.code).toBe(3);
    expect(missing.out).toBe('');
  });

  it('drafts CSV files: ids and links from the columns named like ids, values learnt from the rows', async () => {
    const files = join(dir, 'csv');
    await mkdir(files);
    await writeFile(
      join(files, 'client.csv'),
      'client_id,first_nm,last_nm,email,created_on\n1,Ann,Lee,ann@x.org,01/31/2020\n2,Bob,Ray,bob@x.org,12/01/2019\n',
    );
    await writeFile(
      join(files, 'inv_hdr.csv'),
      'inv_id,client_id,inv_dt,total_amt,status_cd\n10,1,2024-01-01 10:00:00,12.50,P\n11,2,2024-01-02 10:00:00,3.00,D\n',
    );
    const out = join(dir, 'csv.yaml');
    const result = await runCli(
      'mapping',
      'init',
      '--source',
      `file:${files}`,
      '--schema',
      schema,
      '--out',
      out,
    );
    expect(result.code).toBe(0);
    const draft = await readFile(out, 'utf8');
    expect(draft).toContain(
      'id: "{client_id}" # client has no primary key: make sure this column identifies a row',
    );
    expect(draft).toContain('createdAt: { timestamp: created_on, format: MM/dd/yyyy }');
    expect(draft).toContain('status: { lookup: status_cd, values: { P: paid, D: draft } }');
    expect(draft).toMatch(/invoices:\n(.*\n)*? {6}customer: "\{client_id\}"/);
    const check = await runCli('check', '--mapping', out, '--source', `file:${files}`, '--schema', schema);
    expect(check).toMatchObject({ code: 0, err: '' });
  });
});
