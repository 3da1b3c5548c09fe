import { compareCursor } from '../compare-cursor.ts';
import type { Partition, ReadOptions } from '../connector.ts';
import { readableBatches } from '../shared/readable-batches.ts';
import type { Row, SourceValue } from '../value.ts';
import { columnNames } from './column-names.ts';
import { csvRecords } from './csv-records.ts';
import { SAMPLE_RECORDS } from './discover.ts';
import type { FileFormat } from './file-format.ts';
import type { FileStream } from './file-stream.ts';
import {
  type NdjsonRecord,
  ndjsonRecords,
  type RepeatedNdjsonKey,
  repeatedKeyWarning,
} from './ndjson-records.ts';
import { FILE_COLUMN, ndjsonValue, ROW_COLUMN } from './normalise.ts';
import { LAST_ROW } from './partition.ts';

/**
 * Reads the records of a file stream whose (`_source_file`, `_source_row`) lies in the partition
 * (and after `options.after`), file by file in name order, in batches of at most `batchSize`.
 */
export async function* readFiles(
  stream: FileStream,
  partition: Partition,
  options: ReadOptions,
  format: FileFormat,
  warn: (message: string) => void,
): AsyncGenerator<Row[]> {
  const lower = (options.after ?? partition.lower) as readonly [string, number] | null;
  const upper = partition.upper as readonly [string, number] | null;
  const cursor = options.cursor;
  for (let f = 0; f < stream.files.length; f++) {
    const name = stream.names[f] as string;
    if ((lower && name < lower[0]) || (upper && name > upper[0])) continue;
    const skipTo = lower && name === lower[0] ? lower[1] : 0;
    // A partition starting after the end of a file (the previous partition's) does not open it.
    if (skipTo >= LAST_ROW) continue;
    const stopAfter = upper && name === upper[0] ? upper[1] : Number.POSITIVE_INFINITY;
    const toRow = stream.format === 'csv' ? csvMapper(stream, name, warn) : ndjsonMapper(stream, name, warn);
    const records =
      stream.format === 'csv'
        ? csvRecords(stream.files[f] as string, format)
        : ndjsonRecords(stream.files[f] as string, format.encoding);
    let position = stream.format === 'csv' ? -1 : 0;
    let done = false;
    for await (const batch of readableBatches<unknown>(records, options.batchSize, options.signal)) {
      const rows: Row[] = [];
      for (const record of batch) {
        position++;
        if (position === 0) {
          toRow.header?.(record as (string | null)[]);
          continue;
        }
        if (position <= skipTo) continue;
        if (position > stopAfter) {
          done = true;
          break;
        }
        const row = toRow.row(record, position);
        if (row && (!cursor || pastCursor(row[cursor.column] ?? null, cursor.value))) rows.push(row);
      }
      if (rows.length > 0) yield rows;
      if (done) break;
    }
  }
}

interface Mapper {
  header?: (fields: readonly (string | null)[]) => void;
  row(record: unknown, position: number): Row | undefined;
}

function csvMapper(stream: FileStream, file: string, warn: (message: string) => void): Mapper {
  let build: (fields: readonly (string | null)[], position: number) => Row = () => ({});
  let width = 0;
  let warned = false;
  return {
    header(header) {
      width = header.length;
      const { names } = columnNames(header);
      const positions = stream.fields.map((field) => names.indexOf(field));
      const missing = stream.fields.filter((_, i) => positions[i] === -1);
      if (missing.length > 0)
        warn(`${stream.info.name}: ${file} has no column(s) ${missing.join(', ')}; read as null`);
      build = csvRowBuilder(stream.columns, positions, file);
    },
    row(record, position) {
      const fields = record as (string | null)[];
      if (fields.length > width && !warned) {
        warned = true;
        warn(
          `${stream.info.name}: ${file} record ${position} has ${fields.length} fields for ${width} columns; extra fields ignored`,
        );
      }
      return build(fields, position);
    },
  };
}

/**
 * One object literal per file layout (names enter the code only as JSON string literals), so every
 * row has one shape; a `__proto__` column falls back to a plain loop.
 */
function csvRowBuilder(names: readonly string[], positions: readonly number[], file: string) {
  if (names.includes('__proto__')) {
    return (fields: readonly (string | null)[], position: number): Row => {
      const row: Record<string, SourceValue> = Object.create(null);
      names.forEach((name, i) => {
        row[name] = (positions[i] as number) < 0 ? null : (fields[positions[i] as number] ?? null);
      });
      row[FILE_COLUMN] = file;
      row[ROW_COLUMN] = position;
      return row;
    };
  }
  const entries = names.map(
    (name, i) =>
      `${JSON.stringify(name)}: ${(positions[i] as number) < 0 ? 'null' : `f[${positions[i]}] ?? null`}`,
  );
  entries.push(`${JSON.stringify(FILE_COLUMN)}: file`, `${JSON.stringify(ROW_COLUMN)}: p`);
  return new Function('file', `return function csvRow(f, p) { return { ${entries.join(', ')} }; };`)(
    file,
  ) as (fields: readonly (string | null)[], position: number) => Row;
}

function ndjsonMapper(stream: FileStream, file: string, warn: (message: string) => void): Mapper {
  // A `__proto__` key set on a plain object would replace its prototype instead of being a column.
  const plain = !stream.columns.includes('__proto__');
  const known = new Set(stream.fields);
  const unread = new Set<string>();
  /** Repeated keys already warned about in this file (`key` or `key/to`). */
  const repeats = new Set<string>();
  return {
    row(record, position) {
      const parsed = record as NdjsonRecord;
      if ('invalid' in parsed) {
        warn(
          `${stream.info.name}: ${file} record ${position} is not a JSON object; skipped: ${parsed.invalid.slice(0, 60)}`,
        );
        return undefined;
      }
      if (parsed.repeated) warnRepeated(parsed.repeated, position);
      const row: Record<string, SourceValue> = plain ? {} : Object.create(null);
      // Own keys only: a line without `constructor` must not read Object.prototype.constructor.
      let found = 0;
      stream.fields.forEach((field, i) => {
        const own = Object.hasOwn(parsed.value, field);
        if (own) found++;
        row[stream.columns[i] as string] = ndjsonValue(own ? parsed.value[field] : undefined);
      });
      if (found < keyCount(parsed.value)) warnUnread(parsed.value, position);
      row[FILE_COLUMN] = file;
      row[ROW_COLUMN] = position;
      return row;
    },
  };

  /** Says once per file, key and new name that a record repeats a key (never silently the last value). */
  function warnRepeated(repeated: readonly RepeatedNdjsonKey[], position: number): void {
    for (const repeat of repeated) {
      const seen = `${repeat.key}\u0000${repeat.to ?? ''}`;
      if (repeats.has(seen)) continue;
      repeats.add(seen);
      warn(repeatedKeyWarning(`${stream.info.name}: ${file} record ${position}`, repeat));
    }
  }

  /** Says once per file and key that a key no early record had is not read (no silent loss). */
  function warnUnread(value: Record<string, unknown>, position: number): void {
    const fresh = Object.keys(value).filter((key) => !known.has(key) && !unread.has(key));
    if (fresh.length === 0) return;
    for (const key of fresh) unread.add(key);
    const shown = fresh.slice(0, 5).map((key) => JSON.stringify(key));
    warn(
      `${stream.info.name}: ${file} record ${position} has key(s) ${shown.join(', ')}${fresh.length > 5 ? ` and ${fresh.length - 5} more` : ''} ` +
        `that none of the stream's first ${SAMPLE_RECORDS} records has; not read (the columns come from those records)`,
    );
  }
}

/** How many own enumerable keys a parsed NDJSON object has, without an array of them. */
function keyCount(value: Record<string, unknown>): number {
  let n = 0;
  for (const key in value) if (Object.hasOwn(value, key)) n++;
  return n;
}

/**
 * Whether a record's cursor value is past the watermark `since`, or null (every incremental read
 * reads it). In the order the watermark is found by (`compareCursor`): as text, a CSV cursor of
 * whole numbers put `10` before `9`, so a watermark of 9 left every later record unread.
 */
function pastCursor(value: SourceValue, since: SourceValue): boolean {
  if (value === null) return true;
  if (since === null) return true;
  return compareCursor(value, since) > 0;
}
