import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Partition, ReadOptions, StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import type { Row } from '../../src/connectors/value.ts';
import { describeConformance, readAll } from './conformance.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'onboard-files-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** CSV that breaks naive parsers: BOM, CRLF, quotes, delimiters and newlines inside fields, nulls. */
const HOSTILE_ROWS = [
  ['1', 'plain', 'simple'],
  ['2', 'comma, inside', 'x'],
  ['3', 'quote "inside"', 'y'],
  ['4', 'line\r\nbreak', 'crlf inside'],
  ['5', 'line\nbreak', 'lf inside'],
  ['6', 'ünïcødé ✓ 漢字', ''],
  ['7', '', 'empty quoted name'],
  ['8', null, 'null name'],
  ['9', '  spaced  ', '=cmd()'],
];
const quoteField = (field: string | null) => (field === null ? '' : `"${field.replaceAll('"', '""')}"`);
function hostileCsv(count: number): string {
  const lines = ['id,name,note'];
  for (let i = 0; i < count; i++) {
    const row = HOSTILE_ROWS[i % HOSTILE_ROWS.length] as (string | null)[];
    lines.push([String(i + 1), quoteField(row[1] ?? null), quoteField(row[2] ?? null)].join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

async function writeFixture(dir: string): Promise<void> {
  await mkdir(join(dir, 'events'), { recursive: true });
  await writeFile(join(dir, 'people.csv'), hostileCsv(45));
  for (let part = 1; part <= 3; part++) {
    const lines = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({ n: part * 100 + i, tag: `p${part}`, meta: { i } }),
    );
    lines.splice(5, 0, '');
    await writeFile(join(dir, 'events', `part-${part}.ndjson`), `${lines.join('\n')}\n`);
  }
}

/** The ids of the records an incremental read of the folder's one file gives past `cursor`, in order. */
async function idsPastCursor(
  dir: string,
  cursor: NonNullable<ReadOptions['cursor']>,
  batchSize = 10,
): Promise<unknown[]> {
  const connector = openConnector({ url: `file:${dir}` });
  const [stream] = await connector.discover();
  const [partition] = await connector.partition(stream as StreamInfo, 10);
  const rows: Row[] = [];
  for await (const batch of connector.read(stream as StreamInfo, partition as Partition, {
    batchSize,
    cursor,
  }))
    rows.push(...batch);
  return rows.map((row) => row['id']);
}

describeConformance('CSV/NDJSON files', async () => {
  const dir = join(root, 'conformance');
  await writeFixture(dir);
  return {
    source: { url: `file:${dir}` },
    badSource: { url: `file:${join(root, 'no-such-folder')}` },
    badCode: 'database_missing',
    streams: [
      { name: 'people', rows: 45, key: ['_source_file', '_source_row'] },
      { name: 'events', rows: 60, key: ['_source_file', '_source_row'], minPartitions: 3 },
    ],
  };
});

describe('files connector', () => {
  async function readStream(url: string, name: string) {
    const connector = openConnector({ url, onWarning: () => {} });
    try {
      const stream = (await connector.discover()).find((s) => s.name === name) as StreamInfo;
      const rows: Row[] = [];
      for (const partition of await connector.partition(stream, 1000))
        rows.push(...(await readAll(connector, stream, partition, 7)));
      return { stream, rows };
    } finally {
      await connector.close();
    }
  }

  it('reads hostile CSV field for field, in file order', async () => {
    const dir = join(root, 'hostile');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'people.csv'), hostileCsv(9));
    const { stream, rows } = await readStream(`file:${dir}`, 'people');
    expect(stream.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'id:string',
      'name:string',
      'note:string',
      '_source_file:string',
      '_source_row:integer',
    ]);
    expect(rows.map((row) => [row['name'], row['note']])).toEqual(
      HOSTILE_ROWS.map((row) => [row[1], row[2]]),
    );
    expect(rows.map((row) => row['_source_row'])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rows[0]?.['_source_file']).toBe('people.csv');
  });

  it('decodes other encodings and delimiters given in the URL', async () => {
    const dir = join(root, 'latin');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'cities.csv'),
      Buffer.from('name;country\nZürich;Schweiz\n"Malmö; Skåne";Sverige\n', 'latin1'),
    );
    const { rows } = await readStream(`file:${dir}?encoding=latin1&delimiter=;`, 'cities');
    expect(rows.map((row) => [row['name'], row['country']])).toEqual([
      ['Zürich', 'Schweiz'],
      ['Malmö; Skåne', 'Sverige'],
    ]);
  });

  it('types NDJSON columns from the values, keeps objects as JSON and skips invalid lines with a warning', async () => {
    const dir = join(root, 'ndjson');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'orders.jsonl'),
      '{"id": 1, "total": 2.5, "paid": true, "items": [1, 2]}\r\nnot json\n{"id": 2, "total": 3, "paid": false, "items": []}\n',
    );
    const warnings: string[] = [];
    const connector = openConnector({
      url: `file:${join(dir, 'orders.jsonl')}`,
      onWarning: (m) => warnings.push(m),
    });
    const [stream] = await connector.discover();
    expect(stream?.columns.map((c) => `${c.name}:${c.type}`).slice(0, 4)).toEqual([
      'id:integer',
      'total:float',
      'paid:boolean',
      'items:json',
    ]);
    const [partition] = await connector.partition(stream as StreamInfo, 10);
    const rows = await readAll(
      connector,
      stream as StreamInfo,
      partition as NonNullable<typeof partition>,
      10,
    );
    expect(rows).toEqual([
      { id: 1, total: 2.5, paid: true, items: [1, 2], _source_file: 'orders.jsonl', _source_row: 1 },
      { id: 2, total: 3, paid: false, items: [], _source_file: 'orders.jsonl', _source_row: 3 },
    ]);
    expect(warnings).toEqual([
      expect.stringMatching(/orders\.jsonl record 2 is not a JSON object; skipped: not json/),
    ]);
  });

  it('reads only records past a cursor value, and those without one', async () => {
    const dir = join(root, 'cursor');
    await mkdir(dir, { recursive: true });
    // Record 4's cursor is empty (null): past no watermark, so every incremental read reads it.
    await writeFile(
      join(dir, 'changes.csv'),
      'id,updated_at\n1,2024-01-01\n2,2024-03-01\n3,2024-02-01\n4,\n',
    );
    expect(await idsPastCursor(dir, { column: 'updated_at', value: '2024-01-15' })).toEqual(['2', '3', '4']);
  });

  it('orders a CSV cursor of whole numbers by value, as the watermark is found', async () => {
    // The watermark is the largest value read by `compareCursor` (9 of 8 and 9); read as text,
    // '10' and '11' sorted before '9', so no incremental run read them.
    const dir = join(root, 'cursor-numbers');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'versions.csv'), 'id,version\na,8\nb,9\nc,10\nd,11\ne,100\n');
    expect(await idsPastCursor(dir, { column: 'version', value: '9' })).toEqual(['c', 'd', 'e']);
  });

  it('reads the records of the watermark second written with a fraction (RFC 3339 as Go writes it)', async () => {
    // As text `…:00Z` sorted after `…:00.7Z`: a watermark of 10:00:00Z left record b unread.
    const dir = join(root, 'ndjson-rfc3339');
    await mkdir(dir, { recursive: true });
    const lines = [
      { id: 'a', at: '2024-01-01T10:00:00Z' },
      { id: 'b', at: '2024-01-01T10:00:00.7Z' },
      { id: 'c', at: '2024-01-01T11:00:00+02:00' },
      { id: 'd', at: '2024-01-01T09:30:00-01:00' },
    ];
    await writeFile(join(dir, 'changes.ndjson'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    // c is 09:00Z (before the watermark), d 10:30Z (after).
    expect(await idsPastCursor(dir, { column: 'at', value: '2024-01-01T10:00:00Z' })).toEqual(['b', 'd']);
  });

  it('reads the NDJSON records past a cursor value, and those whose cursor is null or missing', async () => {
    const dir = join(root, 'ndjson-cursor');
    await mkdir(dir, { recursive: true });
    const lines = [
      { id: 1, seq: 5 },
      { id: 2, seq: 12 },
      { id: 3, seq: null },
      { id: 4 },
      { id: 5, seq: 10 },
    ];
    await writeFile(join(dir, 'changes.ndjson'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    expect(await idsPastCursor(dir, { column: 'seq', value: 10 }, 2)).toEqual([2, 3, 4]);
  });

  // The next three were found by files-fuzz.test.ts.
  it('reads a column with an empty header name (a pandas index) as column_N', async () => {
    const dir = join(root, 'nameless');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'frame.csv'), ',name,\n0,a,x\n1,b,y\n');
    const warnings: string[] = [];
    const connector = openConnector({ url: `file:${dir}`, onWarning: (m) => warnings.push(m) });
    const [stream] = await connector.discover();
    const [partition] = await connector.partition(stream as StreamInfo, 10);
    const rows = await readAll(connector, stream as StreamInfo, partition as Partition, 10);
    expect(rows.map((row) => [row['column_1'], row['name'], row['column_3']])).toEqual([
      ['0', 'a', 'x'],
      ['1', 'b', 'y'],
    ]);
    expect(warnings).toEqual([]);
  });

  it('types NDJSON columns from the first records of the stream, across its files', async () => {
    const dir = join(root, 'ndjson-files');
    await mkdir(join(dir, 'log'), { recursive: true });
    await writeFile(join(dir, 'log', '1.ndjson'), 'not json\n{"a": 1}\n');
    await writeFile(join(dir, 'log', '2.ndjson'), '{"a": 2, "b": "x"}\n');
    const { stream, rows } = await readStream(`file:${dir}`, 'log');
    expect(stream.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'a:integer',
      'b:string',
      '_source_file:string',
      '_source_row:integer',
    ]);
    expect(rows.map((row) => [row['a'], row['b']])).toEqual([
      [1, null],
      [2, 'x'],
    ]);
  });

  it('reads NDJSON keys named like Object.prototype members as plain columns', async () => {
    const dir = join(root, 'ndjson-proto');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'keys.ndjson'),
      '{"__proto__": {"polluted": true}, "constructor": "c", "toString": 1}\n{}\n',
    );
    const { rows } = await readStream(`file:${dir}`, 'keys');
    const values = rows.map((row) =>
      ['__proto__', 'constructor', 'toString', 'polluted'].map((key) =>
        Object.hasOwn(row, key) ? row[key] : 'absent',
      ),
    );
    expect(values).toEqual([
      [{ polluted: true }, 'c', 1, 'absent'],
      [null, null, null, 'absent'],
    ]);
    expect(rows.map((row) => (row as { polluted?: unknown }).polluted)).toEqual([undefined, undefined]);
  });

  it('reads an empty CSV (header only) as an empty stream', async () => {
    const dir = join(root, 'empty');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'nothing.csv'), 'a,b\r\n');
    const { stream, rows } = await readStream(`file:${dir}`, 'nothing');
    expect(stream.estimatedRows).toBe(0);
    expect(rows).toEqual([]);
  });
});
