import type {
  CheckResult,
  Connector,
  Partition,
  ReadOptions,
  SourceOptions,
  StreamInfo,
} from '../connector.ts';
import { UnknownStreamError } from '../connector-error.ts';
import type { ConnectorSettings } from '../connector-settings.ts';
import { pathOf, pathParams } from '../source-url.ts';
import type { Row } from '../value.ts';
import { checkFiles } from './check.ts';
import { discoverFiles } from './discover.ts';
import { type FileFormat, parseFileFormat } from './file-format.ts';
import type { FileStream } from './file-stream.ts';
import { partitionFiles } from './partition.ts';
import { readFiles } from './read.ts';

/**
 * CSV and NDJSON files (`file:/path` to one file or a folder), streamed, never loaded whole. Every
 * stream gets `_source_file` and `_source_row` columns, its key. No `snapshots` capability: the
 * files are expected not to change during a run.
 */
export class FilesConnector implements Connector {
  readonly kind: string = 'files';
  readonly #path: string;
  readonly #format: FileFormat;
  readonly #settings: ConnectorSettings;
  #streams = new Map<string, FileStream>();

  constructor(options: SourceOptions, settings: ConnectorSettings) {
    this.#path = pathOf(options.url);
    this.#format = parseFileFormat(pathParams(options.url));
    this.#settings = settings;
  }

  check(): Promise<CheckResult> {
    return checkFiles(this.#path, this.#format);
  }

  async discover(): Promise<StreamInfo[]> {
    const streams = await discoverFiles(this.#path, this.#format);
    this.#streams = new Map(streams.map((stream) => [stream.info.name, stream]));
    for (const warning of streams.flatMap((stream) => stream.warnings)) this.#settings.warn(warning);
    return streams.map((stream) => stream.info);
  }

  async partition(stream: StreamInfo, _targetRows: number): Promise<Partition[]> {
    return partitionFiles(await this.#resolve(stream.name));
  }

  async *read(stream: StreamInfo, partition: Partition, options: ReadOptions): AsyncIterable<Row[]> {
    yield* readFiles(await this.#resolve(stream.name), partition, options, this.#format, this.#settings.warn);
  }

  async close(): Promise<void> {}

  async #resolve(name: string): Promise<FileStream> {
    if (!this.#streams.has(name)) await this.discover();
    const found = this.#streams.get(name);
    if (found === undefined) throw new UnknownStreamError(name);
    return found;
  }
}

/** The registry's factory for `file:` URLs. */
export function createFilesConnector(options: SourceOptions, settings: ConnectorSettings): Connector {
  return new FilesConnector(options, settings);
}
