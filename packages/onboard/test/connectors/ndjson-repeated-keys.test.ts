import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import type { Row } from '../../src/connectors/value.ts';
import { readAll } from './conformance.ts';

/**
 * An NDJSON line whose object has a key twice (`{"name":"a","name":"b"}`) loses no value without a
 * word (docs/connectors.md): a repeated top-level key's later value is read as `name_2` (the first
 * suffix that is no key of the line), as a repeated CSV header name is; a key repeated inside a
 * value keeps its last value; both with a warning naming the file, the record and the key.
 */

let root: string;
let cases = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'onboard-ndjson-repeats-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Writes `files` into a fresh folder's stream `t`, discovers it and reads it whole. */
async function readStream(files: Record<string, string>) {
  cases += 1;
  const dir = join(root, `case-${cases}`);
  await mkdir(join(dir, 't'), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 't', name), text);
  const discovered: string[] = [];
  const warnings: string[] = [];
  const connector = openConnector({ url: `file:${dir}`, onWarning: (w) => warnings.push(w) });
  try {
    const [stream] = await connector.discover();
    discovered.push(...warnings.splice(0));
    const rows: Row[] = [];
    for (const partition of await connector.partition(stream as StreamInfo, 10))
      rows.push(...(await readAll(connector, stream as StreamInfo, partition, 4)));
    return { columns: (stream as StreamInfo).columns.map((c) => c.name), rows, discovered, warnings };
  } finally {
    await connector.close();
  }
}

describe('NDJSON lines that repeat a key', () => {
  it('read a repeated key as name_2, skipping a name the line has, and say so', async () => {
    const { columns, rows, discovered, warnings } = await readStream({
      'a.ndjson': [
        '{"id":1,"name":"first","name":"second","name_2":"literal","name":"third"}',
        '{"id":2,"name":"x","tags":{"k":1,"k":2}}',
        '{"id":3,"\\u006eame":"escaped","name":"plain"}',
        '',
      ].join('\n'),
    });
    expect(columns).toEqual([
      'id',
      'name',
      'name_3',
      'name_2',
      'name_4',
      'tags',
      '_source_file',
      '_source_row',
    ]);
    expect(rows.map((row) => ({ ...row }))).toEqual([
      {
        id: 1,
        name: 'first',
        name_3: 'second',
        name_2: 'literal',
        name_4: 'third',
        tags: null,
        _source_file: 'a.ndjson',
        _source_row: 1,
      },
      {
        id: 2,
        name: 'x',
        name_3: null,
        name_2: null,
        name_4: null,
        tags: { k: 2 },
        _source_file: 'a.ndjson',
        _source_row: 2,
      },
      {
        id: 3,
        name: 'escaped',
        name_3: null,
        name_2: 'plain',
        name_4: null,
        tags: null,
        _source_file: 'a.ndjson',
        _source_row: 3,
      },
    ]);
    const said = [
      't: a.ndjson record 1 repeats key "name"; its later value read as "name_3"',
      't: a.ndjson record 1 repeats key "name"; its later value read as "name_4"',
      't: a.ndjson record 2 repeats key "k" in an object inside a value; its last value kept',
      't: a.ndjson record 3 repeats key "name"; its later value read as "name_2"',
    ];
    expect(discovered).toEqual(said);
    expect(warnings).toEqual(said);
  });

  it('warn once per file and key, naming the first record, beyond the sampled records too', async () => {
    const lines = Array.from({ length: 250 }, (_, i) => (i < 220 ? `{"id":${i}}` : `{"id":${i},"id":${-i}}`));
    const { rows, discovered, warnings } = await readStream({ 'b.ndjson': `${lines.join('\n')}\n` });
    expect(discovered).toEqual([]);
    expect(rows.at(-1)).toMatchObject({ id: 249 });
    expect(warnings).toEqual([
      't: b.ndjson record 221 repeats key "id"; its later value read as "id_2"',
      't: b.ndjson record 221 has key(s) "id_2" that none of the stream\'s first 200 records has; not read (the columns come from those records)',
    ]);
  });
});
