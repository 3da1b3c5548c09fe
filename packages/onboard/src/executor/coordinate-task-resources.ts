import type { SchemaDocument } from '@madeup/contract';
import { CoreClient } from '../loader/core-client.ts';
import { Loader } from '../loader/loader.ts';
import type { CompiledMapping } from '../planner/compiled-mapping.ts';
import type { PartitionTask } from '../planner/partition-task.ts';
import { openRunStore } from '../store/open-run-store.ts';
import type { BatchResult } from '../store/run-records.ts';
import type { RunStore } from '../store/run-store.ts';
import { type MappedSource, openMappedSource } from './open-mapped-source.ts';
import type { TaskResources } from './task-resources.ts';

/** The secrets a worker process holds; tasks carry none. */
export interface WorkerSecrets {
  /** The API token for a core URL (as the task names it). */
  token(coreUrl: string): string;
  /** The usable source URL for the task's password-less one; default: unchanged (the connector reads `ONBOARD_SOURCE_PASSWORD`). */
  sourceUrl?(storedUrl: string): string;
}

export interface CoordinateResourceOptions {
  readonly secrets: WorkerSecrets;
  /** Requests in flight to each core. Default 8. */
  readonly coreConcurrency?: number;
  readonly onBatch?: (task: PartitionTask, batch: BatchResult) => void;
}

/**
 * Resources for a process that runs tasks of any run: everything is found from the task's own
 * coordinates (core URL, store URL, source URL, mapping path and hash) plus the process's secrets,
 * and kept open for the next task that names the same thing. This is what a queue worker uses.
 */
export class CoordinateTaskResources implements TaskResources {
  readonly #options: CoordinateResourceOptions;
  readonly #cores = new Map<
    string,
    Promise<{ client: CoreClient; loader: Loader; schema: SchemaDocument }>
  >();
  readonly #sources = new Map<string, Promise<MappedSource>>();
  readonly #stores = new Map<string, Promise<RunStore>>();
  readonly onBatch?: (task: PartitionTask, batch: BatchResult) => void;

  constructor(options: CoordinateResourceOptions) {
    this.#options = options;
    if (options.onBatch) this.onBatch = options.onBatch;
  }

  async connector(task: PartitionTask) {
    return (await this.#source(task)).connector;
  }

  async mapping(task: PartitionTask): Promise<CompiledMapping> {
    return (await this.#source(task)).mapping;
  }

  async loader(task: PartitionTask): Promise<Loader> {
    return (await this.#core(task.coordinates.core)).loader;
  }

  store(task: PartitionTask): Promise<RunStore> {
    return cached(this.#stores, task.coordinates.store, () => openRunStore(task.coordinates.store));
  }

  /** Closes every connection opened so far. */
  async close(): Promise<void> {
    const settle = <T>(map: Map<string, Promise<T>>) =>
      [...map.values()].map((p) =>
        p.then(
          (v) => v,
          () => undefined,
        ),
      );
    for (const source of await Promise.all(settle(this.#sources))) await source?.connector.close();
    for (const core of await Promise.all(settle(this.#cores))) await core?.client.close();
    for (const store of await Promise.all(settle(this.#stores))) await store?.close();
  }

  #core(url: string) {
    return cached(this.#cores, url, async () => {
      const concurrency = this.#options.coreConcurrency ?? 8;
      const client = new CoreClient({
        url,
        token: this.#options.secrets.token(url),
        connections: concurrency,
      });
      return { client, loader: new Loader(client, concurrency), schema: await client.schema() };
    });
  }

  #source(task: PartitionTask): Promise<MappedSource> {
    const key = `${task.coordinates.source}\u0000${task.mapping.path}\u0000${task.mapping.hash}\u0000${task.timezone}`;
    return cached(this.#sources, key, async () => {
      const { schema } = await this.#core(task.coordinates.core);
      const sourceUrl = this.#options.secrets.sourceUrl?.(task.coordinates.source) ?? task.coordinates.source;
      return openMappedSource({
        mappingPath: task.mapping.path,
        schema,
        sourceUrl,
        timezone: task.timezone,
        expectedHash: task.mapping.hash,
      });
    });
  }
}

/** The value under `key`, made once; a failed attempt is forgotten so the next task tries again. */
function cached<T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
    value.catch(() => map.delete(key));
  }
  return value;
}
