import type { StreamInfo } from '../connector.ts';

/** One file stream: what `discover` reports plus its files, sorted by name (the read order). */
export interface FileStream {
  readonly info: StreamInfo;
  /** Absolute paths, sorted by base name. */
  readonly files: readonly string[];
  /** Base names, in the same order: the values of `_source_file`. */
  readonly names: readonly string[];
  readonly format: 'csv' | 'ndjson';
  /** Source column names: the CSV headers of all files (first file's first), or keys seen in NDJSON. */
  readonly fields: readonly string[];
  /** The stream's names for them, in the same order (a source column named `_source_row` is renamed). */
  readonly columns: readonly string[];
  /** What discover reports about the stream: source columns read under another name. */
  readonly warnings: readonly string[];
}
