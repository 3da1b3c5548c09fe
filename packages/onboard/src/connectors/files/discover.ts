import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { ColumnInfo, StreamInfo } from '../connector.ts';
import { SourceConfigError } from '../connector-error.ts';
import type { ValueType } from '../value.ts';
import { columnNames, type Renamed, renameWarning } from './column-names.ts';
import { csvRecords } from './csv-records.ts';
import { type FileFormat, formatOf } from './file-format.ts';
import type { FileStream } from './file-stream.ts';
import {
  type NdjsonRecord,
  ndjsonRecords,
  type RepeatedNdjsonKey,
  repeatedKeyWarning,
} from './ndjson-records.ts';
import { csvColumn, FILE_KEY, jsonValueType, mergeTypes, POSITION_COLUMNS } from './normalise.ts';

/** How many records `discover` reads of a stream: its NDJSON columns are their keys. */
export const SAMPLE_RECORDS = 200;

/**
 * The streams of a `file:` path. A file is one stream named after its base name; in a folder, each
 * CSV/NDJSON file is a stream, and each sub-folder is one stream made of the files inside it.
 */
export async function discoverFiles(root: string, format: FileFormat): Promise<FileStream[]> {
  const rootStat = await stat(root);
  const groups = new Map<string, string[]>();
  const add = (name: string, file: string) => groups.set(name, [...(groups.get(name) ?? []), file]);
  if (rootStat.isFile()) {
    add(baseName(root), root);
  } else {
    for (const entry of await readdir(root, { withFileTypes: true })) {
      const path = join(root, entry.name);
      if (entry.isFile() && formatOf(entry.name, format)) add(baseName(entry.name), path);
      if (entry.isDirectory()) {
        for (const inner of await readdir(path, { withFileTypes: true })) {
          if (inner.isFile() && formatOf(inner.name, format)) add(entry.name, join(path, inner.name));
        }
      }
    }
  }
  const streams: FileStream[] = [];
  for (const [name, files] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    streams.push(await describe(name, files, format));
  }
  return streams;
}

function baseName(file: string): string {
  return basename(file, extname(file));
}

async function describe(name: string, unsorted: readonly string[], format: FileFormat): Promise<FileStream> {
  const files = [...unsorted].sort((a, b) =>
    basename(a) < basename(b) ? -1 : basename(a) > basename(b) ? 1 : 0,
  );
  const fileFormats = new Set(files.map((file) => formatOf(file, format)));
  if (fileFormats.size > 1) throw new SourceConfigError(`stream "${name}" mixes CSV and NDJSON files`);
  const kind = fileFormats.has('ndjson') ? 'ndjson' : 'csv';
  const sample = await sampleFiles(files, kind, format);
  const bytes = (await Promise.all(files.map((file) => stat(file)))).reduce((sum, s) => sum + s.size, 0);
  const estimatedRows = sample.records === 0 ? 0 : Math.round(bytes / Math.max(1, sample.bytesPerRecord));
  const columns: ColumnInfo[] = [...sample.columns, ...POSITION_COLUMNS];
  const info: StreamInfo = {
    name,
    kind: 'file',
    columns,
    primaryKey: [...FILE_KEY],
    cursorCandidates: [],
    estimatedRows,
  };
  const names = files.map((file) => basename(file));
  return {
    info,
    files,
    names,
    format: kind,
    fields: sample.fields,
    columns: sample.columns.map((column) => column.name),
    warnings: [
      ...sample.renamed.map(([file, r]) =>
        renameWarning(file < 0 ? `${name}: the key` : `${name}: ${names[file]} column ${r.position}`, r),
      ),
      ...repeatWarnings(name, names, sample.repeating),
    ],
  };
}

/** One warning per file, key and new name for the sampled NDJSON records that repeat a key. */
function repeatWarnings(
  stream: string,
  names: readonly string[],
  repeating: readonly [number, number, readonly RepeatedNdjsonKey[]][],
): string[] {
  const said = new Set<string>();
  const warnings: string[] = [];
  for (const [file, position, repeats] of repeating) {
    for (const repeat of repeats) {
      const key = JSON.stringify([file, repeat.key, repeat.to]);
      if (said.has(key)) continue;
      said.add(key);
      warnings.push(repeatedKeyWarning(`${stream}: ${names[file]} record ${position}`, repeat));
    }
  }
  return warnings;
}

interface Sample {
  fields: string[];
  /** NDJSON records of the sample that repeat a key: file index, position in it, the repeats. */
  repeating: [number, number, readonly RepeatedNdjsonKey[]][];
  /** Columns named otherwise than in the source, with the index of their file (-1: NDJSON keys). */
  renamed: [number, Renamed][];
  columns: ColumnInfo[];
  records: number;
  bytesPerRecord: number;
}

/**
 * The first records of a stream: a CSV stream's come from its first file, its columns from the
 * header of every file (the first file's, then those only later files have); an NDJSON stream's first 200 records may span files (the first may be short, or hold
 * no object at all).
 */
async function sampleFiles(
  files: readonly string[],
  kind: 'csv' | 'ndjson',
  format: FileFormat,
): Promise<Sample> {
  const seen: unknown[] = [];
  /** NDJSON records of the sample that repeat a key: file index, position in it, the repeats. */
  const repeating: [number, number, readonly RepeatedNdjsonKey[]][] = [];
  let size = 0;
  for (const [f, path] of (kind === 'csv' ? files.slice(0, 1) : files).entries()) {
    const records = kind === 'csv' ? csvRecords(path, format) : ndjsonRecords(path, format.encoding);
    let position = 0;
    try {
      for await (const record of records) {
        seen.push(record);
        position++;
        const { repeated } = record as { repeated?: readonly RepeatedNdjsonKey[] };
        if (repeated) repeating.push([f, position, repeated]);
        if (seen.length > SAMPLE_RECORDS) break;
      }
    } finally {
      records.destroy();
    }
    size += (await stat(path)).size;
    if (seen.length > SAMPLE_RECORDS) break;
  }
  if (kind === 'csv') {
    const first = columnNames((seen[0] as (string | null)[] | undefined) ?? []);
    const fields = [...first.names];
    const renamed: [number, Renamed][] = first.renamed.map((r) => [0, r]);
    // The columns of every file, so one that only later files have is read (null in the others).
    for (let f = 1; f < files.length; f++) {
      const later = columnNames(await csvHeader(files[f] as string, format));
      fields.push(...later.names.filter((name) => !fields.includes(name)));
      renamed.push(...later.renamed.map((r): [number, Renamed] => [f, r]));
    }
    const dataRows = Math.max(0, seen.length - 1);
    return {
      fields,
      repeating,
      renamed,
      columns: fields.map(csvColumn),
      records: dataRows,
      bytesPerRecord:
        dataRows > 0 && seen.length <= SAMPLE_RECORDS ? size / dataRows : sampleBytes(seen.slice(1)),
    };
  }
  const types = new Map<string, ValueType | undefined>();
  for (const record of seen as NdjsonRecord[]) {
    if (!('value' in record)) continue;
    for (const [key, value] of Object.entries(record.value))
      types.set(key, mergeTypes(types.get(key), jsonValueType(value)));
  }
  const fields = [...types.keys()];
  const { names, renamed } = columnNames(fields);
  const columns = fields.map((field, i) => ({
    name: names[i] as string,
    type: types.get(field) ?? 'string',
    nativeType: 'json',
    nullable: true,
  }));
  return {
    fields,
    repeating,
    renamed: renamed.map((r) => [-1, r]),
    columns,
    records: seen.length,
    bytesPerRecord: seen.length <= SAMPLE_RECORDS && seen.length > 0 ? size / seen.length : sampleBytes(seen),
  };
}

/** The first record of a CSV file (its header), read without the rest; empty for an empty file. */
async function csvHeader(path: string, format: FileFormat): Promise<(string | null)[]> {
  const records = csvRecords(path, format);
  try {
    for await (const record of records) return record as (string | null)[];
    return [];
  } finally {
    records.destroy();
  }
}

function sampleBytes(records: readonly unknown[]): number {
  if (records.length === 0) return 1;
  return Math.max(1, JSON.stringify(records).length / records.length);
}
