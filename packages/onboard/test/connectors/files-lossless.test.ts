import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamInfo } from '../../src/connectors/connector.ts';
import { parseJsonLine } from '../../src/connectors/files/json-line.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import type { Row } from '../../src/connectors/value.ts';
import { runCli } from '../support/run-cli.ts';
import { readAll } from './conformance.ts';

/**
 * Source data the files connector once lost silently: columns it cannot read under their own name
 * (a repeated CSV header name, a position column's name, a generated name's) keep their values under
 * a new, deterministic name, with a warning; a column only later files have is read; bytes a file
 * ends with are never dropped without a warning.
 */

let root: string;
let cases = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'onboard-files-names-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Writes `files` into a fresh folder's stream `t`, then discovers and reads it whole. */
async function readStream(files: Record<string, string | Buffer>): Promise<{
  dir: string;
  columns: string[];
  rows: Row[];
  warnings: string[];
}> {
  cases += 1;
  const dir = join(root, `case-${cases}`);
  await mkdir(join(dir, 't'), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 't', name), text);
  const warnings: string[] = [];
  const connector = openConnector({ url: `file:${dir}`, onWarning: (w) => warnings.push(w) });
  try {
    const [stream] = await connector.discover();
    const rows: Row[] = [];
    for (const partition of await connector.partition(stream as StreamInfo, 10))
      rows.push(...(await readAll(connector, stream as StreamInfo, partition, 4)));
    return { dir, columns: (stream as StreamInfo).columns.map((c) => c.name), rows, warnings };
  } finally {
    await connector.close();
  }
}

const plain = (row: Row) => ({ ...row });

describe('files connector loses no source data silently', () => {
  it('reads a repeated CSV header name as name_2, skipping a name the header already has', async () => {
    const { columns, rows, warnings } = await readStream({
      'a.csv': 'id,name,name,name_2,name\n1,first,second,literal,third\n',
    });
    expect(columns).toEqual(['id', 'name', 'name_3', 'name_2', 'name_4', '_source_file', '_source_row']);
    expect(rows.map(plain)).toEqual([
      {
        id: '1',
        name: 'first',
        name_3: 'second',
        name_2: 'literal',
        name_4: 'third',
        _source_file: 'a.csv',
        _source_row: 1,
      },
    ]);
    expect(warnings).toEqual([
      't: a.csv column 3 ("name") repeats an earlier column name; read as "name_3"',
      't: a.csv column 5 ("name") repeats an earlier column name; read as "name_4"',
    ]);
  });

  it('reads a CSV column named like a position column under another name, keeping its values', async () => {
    const { columns, rows, warnings } = await readStream({
      'a.csv': '_source_row,_source_file,_source_row_2\n7,old.csv,x\n',
    });
    expect(columns).toEqual([
      '_source_row_3',
      '_source_file_2',
      '_source_row_2',
      '_source_file',
      '_source_row',
    ]);
    expect(rows.map(plain)).toEqual([
      {
        _source_row_3: '7',
        _source_file_2: 'old.csv',
        _source_row_2: 'x',
        _source_file: 'a.csv',
        _source_row: 1,
      },
    ]);
    expect(warnings).toEqual([
      't: a.csv column 1 ("_source_row") is the name of a position column onboard adds; read as "_source_row_3"',
      't: a.csv column 2 ("_source_file") is the name of a position column onboard adds; read as "_source_file_2"',
    ]);
  });

  it('reads an NDJSON key named like a position column under another name', async () => {
    const { columns, rows, warnings } = await readStream({
      'a.ndjson': '{"a":1,"_source_row":70}\n{"_source_file":"old.ndjson"}\n',
    });
    expect(columns).toEqual(['a', '_source_row_2', '_source_file_2', '_source_file', '_source_row']);
    expect(rows.map(plain)).toEqual([
      { a: 1, _source_row_2: 70, _source_file_2: null, _source_file: 'a.ndjson', _source_row: 1 },
      {
        a: null,
        _source_row_2: null,
        _source_file_2: 'old.ndjson',
        _source_file: 'a.ndjson',
        _source_row: 2,
      },
    ]);
    expect(warnings).toEqual([
      't: the key ("_source_row") is the name of a position column onboard adds; read as "_source_row_2"',
      't: the key ("_source_file") is the name of a position column onboard adds; read as "_source_file_2"',
    ]);
  });

  it('names an empty CSV header field column_N_2 when the header has a column_N of its own', async () => {
    const { columns, rows, warnings } = await readStream({ 'a.csv': ',x,column_1\nempty,x,literal\n' });
    expect(columns).toEqual(['column_1_2', 'x', 'column_1', '_source_file', '_source_row']);
    expect(rows.map(plain)).toEqual([
      { column_1_2: 'empty', x: 'x', column_1: 'literal', _source_file: 'a.csv', _source_row: 1 },
    ]);
    expect(warnings).toEqual([
      't: a.csv column 1 (an empty name) would be column_1, a name the header has; read as "column_1_2"',
    ]);
  });

  it('reads a CSV column only later files of the stream have, as null in the others', async () => {
    const { columns, rows, warnings } = await readStream({
      'a.csv': 'id,x\n1,a\n',
      'b.csv': 'extra,id,name,name\ne,2,n1,n2\n',
    });
    expect(columns).toEqual(['id', 'x', 'extra', 'name', 'name_2', '_source_file', '_source_row']);
    expect(rows.map(plain)).toEqual([
      { id: '1', x: 'a', extra: null, name: null, name_2: null, _source_file: 'a.csv', _source_row: 1 },
      { id: '2', x: null, extra: 'e', name: 'n1', name_2: 'n2', _source_file: 'b.csv', _source_row: 1 },
    ]);
    expect(warnings).toEqual([
      't: b.csv column 4 ("name") repeats an earlier column name; read as "name_2"',
      't: a.csv has no column(s) extra, name, name_2; read as null',
      't: b.csv has no column(s) x; read as null',
    ]);
  });

  it('warns of an NDJSON file that ends inside a UTF-8 character instead of dropping its bytes', async () => {
    const { rows, warnings } = await readStream({
      'a.ndjson': Buffer.concat([Buffer.from('{"a":1}\n{"a":2}'), Buffer.from([0xc3])]),
      'b.ndjson': Buffer.concat([Buffer.from('{"a":"é"}\n'), Buffer.from([0xe2, 0x82])]),
    });
    expect(rows.map(plain)).toEqual([
      { a: 1, _source_file: 'a.ndjson', _source_row: 1 },
      { a: 'é', _source_file: 'b.ndjson', _source_row: 1 },
    ]);
    expect(warnings).toEqual([
      't: a.ndjson record 2 is not a JSON object; skipped: {"a":2}\uFFFD',
      't: b.ndjson record 2 is not a JSON object; skipped: \uFFFD',
    ]);
  });

  it('reads an NDJSON key ending in an escape as itself after a key ending in a backslash', async () => {
    // V8 (Node.js 24) JSON.parse read "a\n" as "a\\" once it had parsed an object with key "a\\".
    const { rows } = await readStream({
      'a.ndjson': '{"x":1,"a\\\\":2}\n{"x":3,"a\\n":4}\n{"x":5,"\\\\":6}\n{"x":7,"\\u0000":8}\n',
    });
    expect(rows.map((row) => Object.entries(row).filter(([, v]) => v !== null))).toEqual([
      [
        ['x', 1],
        ['a\\', 2],
        ['_source_file', 'a.ndjson'],
        ['_source_row', 1],
      ],
      [
        ['x', 3],
        ['a\n', 4],
        ['_source_file', 'a.ndjson'],
        ['_source_row', 2],
      ],
      [
        ['x', 5],
        ['\\', 6],
        ['_source_file', 'a.ndjson'],
        ['_source_row', 3],
      ],
      [
        ['x', 7],
        ['\u0000', 8],
        ['_source_file', 'a.ndjson'],
        ['_source_row', 4],
      ],
    ]);
  });

  it('parses lines with escaped keys as JSON.parse does', () => {
    for (const line of [
      '{"a\\n":[1,-2.5e3,true,false,null,"x\\"y",{"\\u00e9":{}}],"__proto__":{"b\\t":[]},"a\\n":0}',
      ' { "k\\"" : "v" } ',
    ])
      expect(JSON.stringify(parseJsonLine(line))).toBe(JSON.stringify(JSON.parse(line)));
    for (const bad of [
      '{"a\\n":"\u0001"}',
      '{"a\\n":}',
      '{"a\\n":1,}',
      '{"a\\n":1} x',
      '{"a\\n" 1}',
      '{"a\\n":01}',
    ])
      expect(() => parseJsonLine(bad)).toThrow(SyntaxError);
  });

  it('warns once per file and key of an NDJSON key that none of the first 200 records has', async () => {
    const early = Array.from({ length: 200 }, (_, i) => JSON.stringify({ id: i + 1 }));
    const late = [
      '{"id":201,"x":1}',
      '{"id":202,"late":"kept?","x":2,"a":1,"b":2,"c":3,"d":4}',
      '{"id":203,"late":"again"}',
    ];
    const { columns, rows, warnings } = await readStream({
      'a.ndjson': `${[...early, ...late].join('\n')}\n`,
      'b.ndjson': '{"id":1,"late":true}\n',
    });
    // 201 records are sampled, so the 201st record's "x" is a column; "late" comes too late.
    expect(columns).toEqual(['id', 'x', '_source_file', '_source_row']);
    expect(rows).toHaveLength(204);
    expect(rows[201]).toEqual({ id: 202, x: 2, _source_file: 'a.ndjson', _source_row: 202 });
    expect(warnings).toEqual([
      't: a.ndjson record 202 has key(s) "late", "a", "b", "c", "d" that none of the stream\'s first 200 records has; not read (the columns come from those records)',
      't: b.ndjson record 1 has key(s) "late" that none of the stream\'s first 200 records has; not read (the columns come from those records)',
    ]);
  });

  it('prints the rename as a warning in onboard discover', async () => {
    const { dir } = await readStream({ 'a.csv': 'id,name,name\n1,x,y\n' });
    const { code, out, err } = await runCli('discover', '--source', `file:${dir}`, '--json');
    expect(code).toBe(0);
    const [stream] = JSON.parse(out) as StreamInfo[];
    expect(stream?.columns.map((c) => c.name)).toEqual([
      'id',
      'name',
      'name_2',
      '_source_file',
      '_source_row',
    ]);
    expect(err).toBe(
      'onboard: warning: t: a.csv column 3 ("name") repeats an earlier column name; read as "name_2"\n',
    );
  });
});
