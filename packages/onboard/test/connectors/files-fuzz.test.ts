import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, Partition, StreamInfo } from '../../src/connectors/connector.ts';
import { ConnectorError } from '../../src/connectors/connector-error.ts';
import { CsvParser, CsvSyntaxError } from '../../src/connectors/files/csv-parser.ts';
import { parseJsonLine } from '../../src/connectors/files/json-line.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import type { Row, SourceValue } from '../../src/connectors/value.ts';
import { readAll } from './conformance.ts';
import {
  BLANK_LINES,
  type CsvLayout,
  csvLayoutArb,
  csvTableArb,
  encode,
  expectedColumns,
  fileNamesArb,
  INVALID_LINES,
  ndjsonTableArb,
  splitArb,
  writeCsv,
} from './files-fuzz-tables.ts';

/**
 * Property-based round trip of the files connector: random hostile tables written as CSV (every
 * dialect the docs promise: delimiters, quoting, BOM, LF/CRLF/CR, UTF-8/UTF-16) and as NDJSON, split
 * over several files of one stream, read back through discover, partition and read exactly as
 * onboard does. Every value, column and position must come back; malformed files fail with a
 * ConnectorError. `MADEUP_FUZZ_RUNS` / `MADEUP_FUZZ_SEED` run it long or replay a failure.
 */

const RUNS = 25;
let root: string;
let cases = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'onboard-files-fuzz-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A fresh folder for one case, removed by `done`. */
async function caseFolder(): Promise<{ dir: string; stream: string; done: () => Promise<void> }> {
  cases += 1;
  const dir = join(root, `case-${cases}`);
  await mkdir(join(dir, 't'), { recursive: true });
  return { dir, stream: join(dir, 't'), done: () => rm(dir, { recursive: true, force: true }) };
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every partition of the stream read whole, in order, with the rows of each. */
async function readPartitions(
  connector: Connector,
  stream: StreamInfo,
  batchSize: number,
): Promise<{ partition: Partition; rows: Row[] }[]> {
  const read = [];
  for (const partition of await connector.partition(stream, 1 + (batchSize % 7))) {
    read.push({ partition, rows: await readAll(connector, stream, partition, batchSize) });
  }
  return read;
}

/** A row as its values in column order, after checking it has exactly those keys. */
function valuesOf(row: Row, columns: readonly string[]): (SourceValue | undefined)[] {
  expect(Object.keys(row).sort(byName)).toEqual([...columns].sort(byName));
  return columns.map((column) => (Object.hasOwn(row, column) ? (row[column] as SourceValue) : undefined));
}

/** Reads a partition again after one of its rows, and checks it gives the rest of that partition. */
async function checkResume(
  connector: Connector,
  stream: StreamInfo,
  read: { partition: Partition; rows: Row[] }[],
  pick: number,
): Promise<void> {
  const all = read.flatMap(({ partition, rows }) => rows.map((row, i) => ({ partition, rows, i, row })));
  if (all.length === 0) return;
  const { partition, rows, i, row } = all[pick % all.length] as (typeof all)[number];
  const after = [row['_source_file'] ?? null, row['_source_row'] ?? null];
  const rest = await readAll(connector, stream, partition, 3, after);
  expect(rest.map((r) => [r['_source_file'], r['_source_row']])).toEqual(
    rows.slice(i + 1).map((r) => [r['_source_file'], r['_source_row']]),
  );
}

const csvCaseArb = csvTableArb.chain((table) =>
  fc.integer({ min: 1, max: 4 }).chain((count) =>
    fc.record({
      table: fc.constant(table),
      files: splitArb(table.rows, count),
      names: fileNamesArb(count),
      extensions: fc.array(fc.constantFrom('.csv', '.txt'), { minLength: count, maxLength: count }),
      layouts: fc.array(csvLayoutArb, { minLength: count, maxLength: count }),
      // Each file's columns: all in another order, or some of them (the stream has them all).
      orders: fc.array(
        fc.oneof(
          fc.shuffledSubarray(
            table.names.map((_, i) => i),
            { minLength: table.names.length, maxLength: table.names.length },
          ),
          fc.shuffledSubarray(
            table.names.map((_, i) => i),
            // A file of one column would turn a null value into an empty line, which is skipped.
            { minLength: Math.min(2, table.names.length), maxLength: table.names.length },
          ),
        ),
        { minLength: count, maxLength: count },
      ),
      batchSize: fc.integer({ min: 1, max: 10 }),
      pick: fc.nat(),
    }),
  ),
);

/** The `file:` URL options of a layout. */
function csvUrl(dir: string, layout: CsvLayout): string {
  const delimiter = layout.delimiter === '\t' ? 'tab' : layout.delimiter;
  const options = { delimiter, quote: layout.quote, encoding: layout.encoding };
  return `file:${dir}?${new URLSearchParams(options)}`;
}

describe('files connector fuzz', () => {
  it(
    'reads random hostile CSV tables back value for value, over several files and partitions',
    async () => {
      await fc.assert(
        fc.asyncProperty(csvCaseArb, async (c) => {
          const { dir, stream: folder, done } = await caseFolder();
          const first = c.layouts[0] as CsvLayout;
          // Delimiter, quote and encoding are URL options, so one per stream; the rest varies per file.
          const layouts = c.layouts.map((l) => ({
            ...l,
            delimiter: first.delimiter,
            quote: first.quote,
            encoding: first.encoding,
          }));
          // Files of one stream are matched by column name: later files may order columns differently,
          // or lack some (a nameless or repeated column has no name of its own to match by: those
          // tables keep one order).
          const reorder =
            !c.table.names.includes(null) && new Set(c.table.names).size === c.table.names.length;
          const files = c.files.map((rows, f) => {
            const order = reorder ? (c.orders[f] as number[]) : c.table.names.map((_, i) => i);
            return {
              name: `${c.names[f]}${c.extensions[f]}`,
              header: order.map((i) => c.table.names[i] as string | null),
              rows: rows.map((row) => order.map((i) => row[i] as string | null)),
              layout: layouts[f] as CsvLayout,
            };
          });
          for (const file of files)
            await writeFile(
              join(folder, file.name),
              encode(writeCsv(file.header, file.rows, file.layout), file.layout.encoding),
            );
          files.sort((a, b) => byName(a.name, b.name));
          const columnsOf = expectedColumns;
          // The stream's columns: the first file's, then those only later files have.
          const names = [...new Set(files.flatMap((file) => columnsOf(file.header)))];
          const columns = [...names, '_source_file', '_source_row'];
          const expected = files.flatMap((file) => {
            const positions = names.map((name) => columnsOf(file.header).indexOf(name));
            return file.rows.map((row, r) => [...positions.map((p) => row[p] ?? null), file.name, r + 1]);
          });

          const warnings: string[] = [];
          const connector = openConnector({ url: csvUrl(dir, first), onWarning: (w) => warnings.push(w) });
          try {
            const [stream, ...others] = await connector.discover();
            expect(others).toEqual([]);
            expect(stream?.name).toBe('t');
            expect(stream?.columns.map((col) => col.name)).toEqual(columns);
            expect(stream?.columns.slice(0, -2).every((col) => col.type === 'string')).toBe(true);
            const read = await readPartitions(connector, stream as StreamInfo, c.batchSize);
            expect(read.length).toBe(files.length);
            const rows = read.flatMap((p) => p.rows);
            expect(rows.map((row) => valuesOf(row, columns))).toEqual(expected);
            // One warning per renamed column of each file, none else.
            const renamed = files.flatMap((file) =>
              columnsOf(file.header).flatMap((name, i) =>
                name === (file.header[i] ?? `column_${i + 1}`) ? [] : [`t: ${file.name} column ${i + 1} `],
              ),
            );
            const missing = files.flatMap((file) => {
              const lacks = names.filter((name) => !columnsOf(file.header).includes(name));
              return lacks.length === 0
                ? []
                : [`t: ${file.name} has no column(s) ${lacks.join(', ')}; read as null`];
            });
            const isRename = (w: string) => / read as "/.test(w);
            expect(warnings.filter(isRename).map((w) => w.slice(0, w.indexOf('(')))).toEqual(renamed);
            expect(warnings.filter((w) => !isRename(w))).toEqual(missing);
            await checkResume(connector, stream as StreamInfo, read, c.pick);
          } finally {
            await connector.close();
            await done();
          }
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'parses the same CSV records wherever the chunks of the file end',
    async () => {
      const chunkedArb = fc.record({
        table: csvTableArb,
        layout: csvLayoutArb,
        cuts: fc.array(fc.nat(), { maxLength: 40 }),
      });
      await fc.assert(
        fc.asyncProperty(chunkedArb, async ({ table, layout, cuts }) => {
          const bytes = encode(writeCsv(table.names, table.rows, layout), 'utf-8');
          const bounds = [...new Set([0, ...cuts.map((cut) => cut % (bytes.length + 1)), bytes.length])];
          bounds.sort((a, b) => a - b);
          const parser = new CsvParser({
            delimiter: layout.delimiter,
            quote: layout.quote,
            source: 'chunked.csv',
          });
          const records: unknown[] = [];
          parser.on('data', (record) => records.push(record));
          const ended = new Promise((resolve, reject) => {
            parser.on('end', resolve);
            parser.on('error', reject);
          });
          for (let i = 1; i < bounds.length; i++)
            parser.write(bytes.subarray(bounds[i - 1] as number, bounds[i] as number));
          parser.end();
          await ended;
          expect(records).toEqual([table.names, ...table.rows]);
        }),
        fuzzOptions(RUNS * 4),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'reads random NDJSON tables back as parsed, skipping blank and invalid lines',
    async () => {
      const ndjsonCaseArb = ndjsonTableArb.chain((table) =>
        fc.integer({ min: 1, max: 4 }).chain((count) =>
          fc.record({
            table: fc.constant(table),
            files: splitArb(
              table.rows.map((row) => JSON.stringify(row) as string | { junk: string }),
              count,
            ),
            junk: fc.array(
              fc.tuple(fc.nat(), fc.nat(count), fc.constantFrom(...BLANK_LINES, ...INVALID_LINES)),
              { maxLength: 6 },
            ),
            names: fileNamesArb(count),
            extensions: fc.array(fc.constantFrom('.ndjson', '.jsonl', '.json'), {
              minLength: count,
              maxLength: count,
            }),
            lineEnds: fc.array(fc.constantFrom('\n', '\r\n'), { minLength: count, maxLength: count }),
            boms: fc.array(fc.boolean(), { minLength: count, maxLength: count }),
            trailing: fc.array(fc.boolean(), { minLength: count, maxLength: count }),
            batchSize: fc.integer({ min: 1, max: 10 }),
            pick: fc.nat(),
          }),
        ),
      );
      await fc.assert(
        fc.asyncProperty(ndjsonCaseArb, async (c) => {
          const { dir, stream: folder, done } = await caseFolder();
          for (const [at, f, line] of c.junk) {
            const lines = c.files[f % c.files.length] as (string | { junk: string })[];
            lines.splice(at % (lines.length + 1), 0, { junk: line });
          }
          const files = c.files.map((lines, f) => ({ name: `${c.names[f]}${c.extensions[f]}`, lines, f }));
          for (const { name, lines, f } of files) {
            const end = c.lineEnds[f] as string;
            const text = lines.map((line) => (typeof line === 'string' ? line : line.junk)).join(end);
            await writeFile(
              join(folder, name),
              `${c.boms[f] ? '\uFEFF' : ''}${text}${c.trailing[f] ? end : ''}`,
            );
          }
          files.sort((a, b) => byName(a.name, b.name));
          const seen = new Set(c.table.rows.flatMap((row) => Object.keys(row)));
          const keys = c.table.names.filter((name) => seen.has(name));
          // A key named like a position column is read under the first free `_2`, ... name.
          const names = expectedColumns(keys);
          const columns = [...names, '_source_file', '_source_row'];
          let invalid = 0;
          const expected = files.flatMap(({ name, lines }) => {
            const records = lines.filter((line) => typeof line === 'string' || line.junk.trim() !== '');
            return records.flatMap((line, r) => {
              if (typeof line !== 'string') {
                invalid += 1;
                return [];
              }
              // Not JSON.parse: V8 (Node.js 24) may read a key ending in an escape as another key.
              const parsed = parseJsonLine(line) as Record<string, unknown>;
              return [[...keys.map((n) => (Object.hasOwn(parsed, n) ? parsed[n] : null)), name, r + 1]];
            });
          });

          const warnings: string[] = [];
          const connector = openConnector({ url: `file:${dir}`, onWarning: (w) => warnings.push(w) });
          try {
            const [stream] = await connector.discover();
            expect(stream?.columns.map((col) => col.name).sort(byName)).toEqual([...columns].sort(byName));
            const read = await readPartitions(connector, stream as StreamInfo, c.batchSize);
            expect(read.length).toBe(files.length);
            const rows = read.flatMap((p) => p.rows);
            expect(rows.map((row) => valuesOf(row, columns))).toEqual(expected);
            const renames = names.filter((name, i) => name !== keys[i]).length;
            expect(warnings.length).toBe(invalid + renames);
            for (const warning of warnings.slice(0, renames))
              expect(warning).toMatch(
                /^t: the key \(.*\) is the name of a position column onboard adds; read as /,
              );
            for (const warning of warnings.slice(renames))
              expect(warning).toMatch(/record \d+ is not a JSON object; skipped/);
            await checkResume(connector, stream as StreamInfo, read, c.pick);
          } finally {
            await connector.close();
            await done();
          }
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'fails a malformed CSV file with a ConnectorError naming it, never anything else',
    async () => {
      const malformedArb = fc.record({
        table: csvTableArb,
        layout: csvLayoutArb,
        at: fc.nat(),
        edit: fc.constantFrom('cut', '"', 'x"', '"x', '""x', '\r"', '\n"', '"\n'),
      });
      await fc.assert(
        fc.asyncProperty(malformedArb, async ({ table, layout, at, edit }) => {
          const { stream: folder, done } = await caseFolder();
          const text = writeCsv(table.names, table.rows, layout);
          const cut = at % (text.length + 1);
          const insert = edit.replaceAll('"', layout.quote);
          const mangled = edit === 'cut' ? text.slice(0, cut) : text.slice(0, cut) + insert + text.slice(cut);
          // A record opening a quote it never closes always fails.
          const unclosed = `${text}${layout.lineEnd}${layout.quote}unclosed`;
          await writeFile(join(folder, 'mangled.csv'), encode(mangled, layout.encoding));
          await writeFile(join(folder, 'unclosed.csv'), encode(unclosed, layout.encoding));
          // One connector per file: discover samples every stream, so a bad file would hide the other.
          const readFile = async (name: string) => {
            const connector = openConnector({ url: csvUrl(join(folder, name), layout), onWarning: () => {} });
            try {
              const [stream] = await connector.discover();
              for (const partition of await connector.partition(stream as StreamInfo, 10))
                await readAll(connector, stream as StreamInfo, partition, 7);
            } finally {
              await connector.close();
            }
          };
          try {
            await readFile('mangled.csv').catch((error: unknown) => {
              expect(error).toBeInstanceOf(ConnectorError);
              expect((error as Error).message).toContain('mangled.csv');
            });
            await expect(readFile('unclosed.csv')).rejects.toSatisfy(
              (error) => error instanceof CsvSyntaxError && error.message.includes('unclosed.csv'),
            );
          } finally {
            await done();
          }
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});
