import { extname } from 'node:path';
import { FILE_URL_OPTIONS } from '../../config/source-url-options.ts';
import { parseUrlOptions } from '../../config/url-options.ts';
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

/** Reads and checks the URL parameters (declared in `FILE_URL_OPTIONS`). */
export function parseFileFormat(params: URLSearchParams): FileFormat {
  const options = parseUrlOptions(FILE_URL_OPTIONS, params, 'file:');
  const encoding = options.encoding ?? 'utf-8';
  try {
    new TextDecoder(encoding);
  } catch {
    throw new SourceConfigError(`the file: URL option encoding=${encoding} is not an encoding label`);
  }
  const delimiter = options.delimiter;
  return {
    encoding,
    quote: options.quote ?? '"',
    ...(options.format !== undefined ? { format: options.format } : {}),
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
