import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMapping } from '../../../src/mapping/check-mapping.ts';
import { parseMappingText } from '../../../src/mapping/mapping-text.ts';
import { CORE_SCHEMA } from '../fixtures/core-schema.ts';
import { draftSource } from './draft-source.ts';
import { type HostileTable, writeSource } from './hostile-source.ts';

let dir: string;
let files = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onboard-draft-names-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function drafted(tables: HostileTable[]) {
  const path = join(dir, `source-${files++}.sqlite`);
  writeSource(path, tables);
  const { streams, text } = await draftSource(path);
  type Entity = { id: string; fields: Record<string, unknown>; refs?: Record<string, string> };
  const doc = parseMappingText(text).data as { entities: Record<string, Entity> };
  return { text, doc, problems: checkMapping(text, CORE_SCHEMA, streams) };
}

const customers = (email: string, key: string): HostileTable => ({
  name: 'customers',
  columns: [
    { name: key, type: 'INTEGER' },
    { name: 'first_name', type: 'TEXT' },
    { name: 'last_name', type: 'TEXT' },
    { name: email, type: 'TEXT' },
  ],
  key: 0,
  rows: [[1, 'Ann', 'Lee', 'ann@x.org']],
});

describe('mapping init with names a bare placeholder cannot hold', () => {
  // Seed -141125790: `id}` was written bare (`{ timestamp: id} }`), read as a broken template.
  it('names a column with braces as { column: name }, which the check accepts', async () => {
    const { doc, problems } = await drafted([customers('email{x}', 'id')]);
    expect(doc.entities['customers']?.fields['email']).toEqual({ lower: { trim: { column: 'email{x}' } } });
    expect(problems).toEqual([]);
  });

  // Seeds 1026947326 (`id{{x}}`) and 1722247392 (`\u00a0nbsp`, ` `): the id template named another
  // column, or none, with no word in the draft. Such keys are now quoted in the id template.
  it.each([
    ['id{{x}}', '{"id{{x}}"}'],
    ['\u00a0id', '{"\u00a0id"}'],
    [' ', '{" "}'],
    ['', '{""}'],
    ['"id"', '{"\\"id\\""}'],
  ])('writes the key %j in the id template as %s, which the check accepts', async (key, id) => {
    const { text, doc, problems } = await drafted([customers('email', key)]);
    expect(doc.entities['customers']?.id).toBe(id);
    expect(text).not.toContain('TODO id');
    expect(problems).toEqual([]);
  });

  it('keys a stream without a primary key by its id column, quoted when its name needs it', async () => {
    const { key: _, ...table } = customers('email', ' id');
    const columns = [...table.columns, { name: 'x_id', type: 'INTEGER' }];
    const { doc, problems } = await drafted([{ ...table, columns, rows: [] }]);
    expect(doc.entities['customers']?.id).toBe('{" id"}');
    expect(problems).toEqual([]);
  });

  it('fills a reference over a column with braces with a quoted placeholder', async () => {
    const invoices: HostileTable = {
      name: 'invoices',
      columns: [
        { name: 'invoice_id', type: 'INTEGER' },
        { name: 'customer_id{x}', type: 'INTEGER' },
        { name: 'issued_at', type: 'DATETIME' },
        { name: 'total', type: 'NUMERIC' },
      ],
      key: 0,
      link: { column: 1, table: 0 },
      rows: [],
    };
    const { text, doc, problems } = await drafted([customers('email', 'id'), invoices]);
    expect(doc.entities['invoices']?.refs).toEqual({ customer: '{"customer_id{x}"}' });
    expect(text).not.toContain('# TODO required reference "customer"');
    expect(problems.map((p) => p.code)).toEqual(problems.map(() => 'missing_required_field'));
    expect(problems.map((p) => p.path.join('.'))).not.toContain('entities.invoices.refs');
  });
});

describe('mapping init with a table named ""', () => {
  // Seed 433115143: the table "" was drafted as `stream: ""`, which no mapping may name.
  it('leaves it out of the draft', async () => {
    const { doc, problems } = await drafted([{ ...customers('email', 'id'), name: '' }]);
    expect(doc.entities).toEqual({});
    expect(problems).toEqual([]);
  });
});

describe('mapping init joining a stream without a primary key', () => {
  // Seed -368544095: the join to `@at`, keyed by a guessed column, had no `key`, which the check
  // asks for when the joined stream has no primary key.
  it('names the guessed key column in the join', async () => {
    const text = await drafted([
      {
        name: 'Employee',
        columns: [
          { name: 'total', type: 'INTEGER' },
          { name: 'id', type: 'INTEGER' },
        ],
        rows: [],
      },
      {
        name: '@at',
        columns: [
          { name: 'total', type: 'TEXT' },
          { name: '}}', type: '' },
          { name: 'company', type: 'VARCHAR(20)' },
          { name: 'issued_at', type: 'BLOB' },
          { name: '`tick`', type: 'REAL' },
          { name: 'first_name', type: 'DATE' },
        ],
        rows: [],
      },
    ]);
    expect(text.doc.entities['staff']).toMatchObject({
      joins: { at: { stream: '@at', key: expect.any(String) } },
    });
    expect(text.problems.filter((p) => p.code !== 'missing_required_field')).toEqual([]);
  });
});

describe('mapping init with a foreign key column named ""', () => {
  // Seed -178764820: the join over it was written `on: ""`, which the check refuses.
  it('does not join over it', async () => {
    const parent: HostileTable = {
      name: '.inf',
      columns: [
        { name: 'first_name', type: 'TEXT' },
        { name: 'code', type: 'BOOLEAN' },
      ],
      key: 1,
      rows: [],
    };
    const store: HostileTable = {
      name: 'store',
      columns: [
        { name: 'store_no', type: 'BOOLEAN' },
        { name: '', type: 'REAL' },
        { name: 'customer_id', type: 'DATETIME' },
      ],
      key: 0,
      link: { column: 1, table: 0 },
      rows: [],
    };
    const { problems } = await drafted([parent, store]);
    expect(problems.filter((p) => p.code !== 'missing_required_field')).toEqual([]);
  });
});

describe('mapping init with a column named "" that no field uses', () => {
  // Seed 320513075 (case 669 of a 1000-case run): products' free-form `attributes` kept the
  // column `""` (`keep: ["", …]`), which the check refuses as no column name.
  it('keeps it out of a keep list', async () => {
    const products: HostileTable = {
      name: 'products',
      columns: [
        { name: '', type: 'INTEGER' },
        { name: 'id', type: 'INTEGER' },
      ],
      rows: [],
    };
    const { problems } = await drafted([products]);
    expect(problems.filter((p) => p.code !== 'missing_required_field')).toEqual([]);
  });
});
