import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnector } from '../../src/connectors/registry.ts';
import { compileMapping } from '../../src/mapping/compile-mapping.ts';
import { parseMappingText } from '../../src/mapping/mapping-text.ts';
import { unusedColumns } from '../../src/mapping/unused-columns.ts';
import { runCli } from '../support/run-cli.ts';
import { CORE_SCHEMA } from './fixtures/core-schema.ts';

const MAPPING = `
source: shop
entities:
  products:
    stream: item
    id: "{id}"
    cursor: changed
    filter: { notNull: name }
    fields:
      name: name
      unitPrice: price
      attributes: { keep: [colour, weight] }
`;

let dir: string;
let source: string;
let schema: string;
let mapping: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onboard-unused-'));
  const db = new Database(join(dir, 'shop.sqlite'));
  db.exec(`CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT, price NUMERIC, colour TEXT, weight REAL,
             legacy_code TEXT, notes TEXT, changed TIMESTAMP);
           INSERT INTO item VALUES (1, 'Lamp', 12.5, 'red', 1.5, 'X1', 'n', '2024-01-01 00:00:00'),
                                   (2, 'Desk', 99, NULL, NULL, 'X2', NULL, '2024-01-02 00:00:00');
           CREATE TABLE supplier (id INTEGER PRIMARY KEY, name TEXT);`);
  db.close();
  source = `sqlite:${join(dir, 'shop.sqlite')}`;
  schema = join(dir, 'schema.json');
  mapping = join(dir, 'mapping.yaml');
  await writeFile(schema, JSON.stringify(CORE_SCHEMA));
  await writeFile(mapping, MAPPING);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('columns no mapping uses', () => {
  it('onboard check --unused-columns lists them per stream, and the streams no entity reads', async () => {
    const result = await runCli(
      'check',
      '--mapping',
      mapping,
      '--source',
      source,
      '--schema',
      schema,
      '--unused-columns',
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out.split('\n').slice(1)).toEqual([
      'unused columns (no field, id, reference, filter or cursor reads them):',
      '  item: legacy_code, notes',
      'streams no entity reads: supplier',
      '',
    ]);
  });

  it('lists nothing without the flag, and refuses the flag without a source', async () => {
    expect(
      (await runCli('check', '--mapping', mapping, '--source', source, '--schema', schema)).out,
    ).not.toMatch(/unused columns|streams no entity/);
    const refused = await runCli('check', '--mapping', mapping, '--schema', schema, '--unused-columns');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/--unused-columns needs --source/);
  });

  it('counts a stream read through a row hook as wholly read', () => {
    const streams = [
      {
        name: 'item',
        kind: 'table' as const,
        columns: [{ name: 'id', type: 'integer' as const, nativeType: 'int', nullable: false }],
        primaryKey: ['id'],
        cursorCandidates: [],
      },
    ];
    const compiled = {
      source: 's',
      queries: [],
      entity: () => undefined,
      entities: [
        {
          entity: 'products',
          stream: 'item',
          references: [],
          columnsRead: 'all' as const,
          transform: () => ({ skipped: 'x' }),
          externalIdOf: () => null,
        },
      ],
    };
    expect(unusedColumns(compiled, streams)).toEqual({ columns: [], streams: [] });
  });

  it('keep puts the named columns into the free-form field, leaving out nulls', async () => {
    const connector = openConnector({ url: source });
    try {
      const streams = await connector.discover();
      const entity = compileMapping(parseMappingText(MAPPING).data, CORE_SCHEMA, { streams }).entity(
        'products',
      )!;
      const item = streams.find((s) => s.name === 'item')!;
      const [partition] = await connector.partition(item, 100);
      const rows = [];
      for await (const batch of connector.read(item, partition!, { batchSize: 10 })) rows.push(...batch);
      const records = rows
        .map((row) => entity.transform(row))
        .map((out) => ('record' in out ? out.record.fields['attributes'] : out));
      expect(records).toEqual([{ colour: 'red', weight: 1.5 }, null]);
    } finally {
      await connector.close();
    }
  });
});
