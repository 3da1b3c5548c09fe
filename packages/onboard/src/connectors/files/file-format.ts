import { extname } from 'node:path';
import { SourceConfigError } from '../connector-error.ts';

/** How the files of a `file:` source are read; set by URL parameters (`file:/data?delimiter=;`). */
export interface FileFormat {
  /** Forced format; otherwise from each file's extension (`.csv`, `.tsv`, `.ndjson`, `.jsonl`). */
  readonly format?: 'csv' | 'ndjson';
  /** A WHATWG encoding label: `utf-8` (default), `latin1`, `windows-1252`, `utf-16le`, ... */
  readonly encoding: string;
  readonly delimiter?: string;
  readonly quote: string;
}

export const CSV_EXTENSIONS = new Set(['.csv', '.tsv', '.txt']);
export const NDJSON_EXTENSIONS = new Set(['.ndjson', '.jsonl', '.json']);

/** Reads and checks the URL parameters. */
export function parseFileFormat(params: URLSearchParams): FileFormat {
  const format = params.get('format') ?? undefined;
  if (format !== undefined && format !== 'csv' && format !== 'ndjson') {
    throw new SourceConfigError(`file source: format must be csv or ndjson, not "${format}"`);
  }
  const encoding = params.get('encoding') ?? 'utf-8';
  try {
    new TextDecoder(encoding);
  } catch {
    throw new SourceConfigError(`file source: unknown encoding "${encoding}"`);
  }
  const delimiter = params.get('delimiter') ?? undefined;
  return {
    encoding,
    quote: params.get('quote') ?? '"',
    ...(format !== undefined ? { format } : {}),
    ...(delimiter !== undefined ? { delimiter: delimiter === 'tab' ? '\t' : delimiter } : {}),
  };
}

/** The format of one file, or undefined when it is neither CSV nor NDJSON. */
export function formatOf(file: string, format: FileFormat): 'csv' | 'ndjson' | undefined {
  if (format.format) return format.format;
  const ext = extname(file).toLowerCase();
  if (CSV_EXTENSIONS.has(ext)) return 'csv';
  if (NDJSON_EXTENSIONS.has(ext)) return 'ndjson';
  return undefined;
}
