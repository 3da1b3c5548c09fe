import type { SchemaDocument } from '@madeup/contract';
import { CoreClient } from '../loader/core-client.ts';
import { Loader } from '../loader/loader.ts';
import type { RetryPolicy } from '../loader/retry-policy.ts';
import type { RetryListener } from '../loader/with-retry.ts';
import type { MappingView } from '../planner/mapping-view.ts';
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
  /** How requests to core are retried; default `DEFAULT_RETRY_POLICY`. */
  readonly retry?: RetryPolicy;
  readonly onRetry?: RetryListener;
  readonly onBatch?: (task: PartitionTask, batch: BatchResult) => void;
}

/** What a `CoordinateTaskResources` holds open now, and has opened and closed so far. */
export interface ResourceCounts {
  /** Core clients, mapped sources and run stores open (or opening) now. */
  readonly open: number;
  readonly opened: number;
  readonly closed: number;
  /** Tasks holding resources now (see `hold`). */
  readonly held: number;
}

type Kind = 'core' | 'source' | 'store';

/**
 * Resources for a process that runs tasks of any run: everything is found from the task's own
 * coordinates (core URL, store URL, source URL, mapping path and hash) plus the process's secrets,
 * and kept open for the next task that names the same thing. This is what a queue worker uses.
 * A task `hold`s what it uses while it runs; `closeIdle` closes what no task has held for a while,
 * and the next task that needs it opens it again.
 */
export class CoordinateTaskResources implements TaskResources {
  readonly #options: CoordinateResourceOptions;
  readonly #cores = new Map<
    string,
    Promise<{ client: CoreClient; loader: Loader; schema: SchemaDocument }>
  >();
  readonly #sources = new Map<string, Promise<MappedSource>>();
  readonly #stores = new Map<string, Promise<RunStore>>();
  /** Per `kind\u0000key`: tasks holding it now, and when it was last let go (performance.now()). */
  readonly #usage = new Map<string, { held: number; lastUsed: number }>();
  #opened = 0;
  #closed = 0;
  #held = 0;
  readonly onBatch?: (task: PartitionTask, batch: BatchResult) => void;

  constructor(options: CoordinateResourceOptions) {
    this.#options = options;
    if (options.onBatch) this.onBatch = options.onBatch;
  }

  async connector(task: PartitionTask) {
    return (await this.#source(task)).connector;
  }

  async mapping(task: PartitionTask): Promise<MappingView> {
    return (await this.#source(task)).mapping;
  }

  async loader(task: PartitionTask): Promise<Loader> {
    return (await this.#core(task.coordinates.core)).loader;
  }

  store(task: PartitionTask): Promise<RunStore> {
    return this.#cached('store', this.#stores, task.coordinates.store, () =>
      openRunStore(task.coordinates.store),
    );
  }

  /**
   * Marks the core client, source and store `task` names as in use until the returned function is
   * called (once): `closeIdle` never closes them meanwhile. Call it before the task asks for them.
   */
  hold(task: PartitionTask): () => void {
    const keys = [
      usageKey('core', task.coordinates.core),
      usageKey('source', sourceKey(task)),
      usageKey('store', task.coordinates.store),
    ];
    for (const key of keys) {
      const usage = this.#usage.get(key) ?? { held: 0, lastUsed: performance.now() };
      usage.held += 1;
      this.#usage.set(key, usage);
    }
    this.#held += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#held -= 1;
      for (const key of keys) {
        const usage = this.#usage.get(key);
        if (usage === undefined) continue;
        usage.held -= 1;
        usage.lastUsed = performance.now();
      }
    };
  }

  /**
   * Closes every core client, source and store that no task holds and none has held for
   * `idleMs`; resolves with how many it closed. They are opened again when a task needs them.
   */
  async closeIdle(idleMs: number, now = performance.now()): Promise<number> {
    const closing: Promise<void>[] = [];
    const sweep = <T>(kind: Kind, map: Map<string, Promise<T>>, close: (value: T) => Promise<void>) => {
      for (const [key, value] of map) {
        const usage = this.#usage.get(usageKey(kind, key));
        if (usage !== undefined && (usage.held > 0 || now - usage.lastUsed < idleMs)) continue;
        map.delete(key);
        this.#usage.delete(usageKey(kind, key));
        this.#closed += 1;
        closing.push(value.then(close, () => undefined).catch(() => undefined));
      }
    };
    sweep('source', this.#sources, (source) => source.connector.close());
    sweep('core', this.#cores, (core) => core.client.close());
    sweep('store', this.#stores, (store) => store.close());
    await Promise.all(closing);
    return closing.length;
  }

  /** What is open now, and how much was opened and closed so far. */
  counts(): ResourceCounts {
    return {
      open: this.#cores.size + this.#sources.size + this.#stores.size,
      opened: this.#opened,
      closed: this.#closed,
      held: this.#held,
    };
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
    return this.#cached('core', this.#cores, url, async () => {
      const concurrency = this.#options.coreConcurrency ?? 8;
      const client = new CoreClient({
        url,
        token: this.#options.secrets.token(url),
        connections: concurrency,
        ...(this.#options.retry === undefined ? {} : { retry: this.#options.retry }),
        ...(this.#options.onRetry === undefined ? {} : { onRetry: this.#options.onRetry }),
      });
      return { client, loader: new Loader(client, concurrency), schema: await client.schema() };
    });
  }

  #source(task: PartitionTask): Promise<MappedSource> {
    return this.#cached('source', this.#sources, sourceKey(task), async () => {
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

  /** The value under `key`, made once; a failed attempt is forgotten so the next task tries again. */
  #cached<T>(kind: Kind, map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
    let value = map.get(key);
    if (value === undefined) {
      const made = make();
      value = made;
      map.set(key, made);
      this.#opened += 1;
      if (!this.#usage.has(usageKey(kind, key)))
        this.#usage.set(usageKey(kind, key), { held: 0, lastUsed: performance.now() });
      made.catch(() => {
        if (map.get(key) === made) map.delete(key);
      });
    }
    return value;
  }
}

/** One source opened for a mapping: the same source read with another mapping is another connector. */
function sourceKey(task: PartitionTask): string {
  return `${task.coordinates.source}\u0000${task.mapping.path}\u0000${task.mapping.hash}\u0000${task.timezone}`;
}

function usageKey(kind: Kind, key: string): string {
  return `${kind}\u0000${key}`;
}
