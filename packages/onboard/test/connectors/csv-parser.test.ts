import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvParser, type CsvParserOptions } from '../../src/connectors/files/csv-parser.ts';

const OPTIONS: CsvParserOptions = { delimiter: ',', quote: '"', source: 'test.csv' };

/** Parses `text` fed in chunks of `size` characters (1: every boundary a record can be cut at). */
async function parse(text: string | Buffer, size: number, options: Partial<CsvParserOptions> = {}) {
  const chunks: (string | Buffer)[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  const records: unknown[] = [];
  for await (const record of Readable.from(chunks, { objectMode: false }).pipe(
    new CsvParser({ ...OPTIONS, ...options }),
  ))
    records.push(record);
  return records;
}

const HOSTILE = '\uFEFFid,name,note\r\n1,"a, b","say ""hi"""\r\n2,,""\n\n3,"two\r\nlines",x\r4,é,\n5,"",last';
const EXPECTED = [
  ['id', 'name', 'note'],
  ['1', 'a, b', 'say "hi"'],
  ['2', null, ''],
  ['3', 'two\r\nlines', 'x'],
  ['4', 'é', null],
  ['5', '', 'last'],
];

describe('CsvParser', () => {
  it('reads quotes, delimiters and line breaks in fields, mixed line ends, BOM, null vs empty', async () => {
    for (const size of [1, 2, 3, 7, 1000]) expect(await parse(HOSTILE, size)).toEqual(EXPECTED);
  });

  it('decodes UTF-8 bytes cut inside a character', async () => {
    expect(await parse(Buffer.from(HOSTILE, 'utf8'), 1)).toEqual(EXPECTED);
  });

  it('takes other delimiters (several characters too) and can turn quoting off', async () => {
    expect(await parse('a\tb\n"x"\ty\n', 1, { delimiter: '\t' })).toEqual([
      ['a', 'b'],
      ['x', 'y'],
    ]);
    expect(await parse('a||b||\n1||2||3\n', 2, { delimiter: '||' })).toEqual([
      ['a', 'b', null],
      ['1', '2', '3'],
    ]);
    expect(await parse('a,"b\n', 1, { quote: '' })).toEqual([['a', '"b']]);
  });

  it('waits for the rest of a delimiter of several characters cut right after a closing quote', async () => {
    // Found by files-fuzz.test.ts: `"a"|` ending a chunk was "characters follow the closing quote".
    for (const size of [1, 2, 3, 4])
      expect(await parse('"a"||"b"||c\n"x"||\n', size, { delimiter: '||' })).toEqual([
        ['a', 'b', 'c'],
        ['x', null],
      ]);
  });

  it('rejects broken quoting with the file and record', async () => {
    await expect(parse('a,b\n1,"open\n', 4)).rejects.toThrow(
      /test\.csv: record 2: a quoted field is not closed/,
    );
    await expect(parse('a,b\n1,"x"y\n', 4)).rejects.toThrow(/record 2: characters follow the closing quote/);
    await expect(parse('a,b\n1,x"y\n', 4)).rejects.toThrow(
      /record 2: a quote appears inside unquoted field 2/,
    );
  });
});
