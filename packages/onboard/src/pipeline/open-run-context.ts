import { resolve } from 'node:path';
import type { SchemaDocument } from '@madeup/contract';
import { redactUrl } from '../config/redact-url.ts';
import type { Connector, StreamInfo } from '../connectors/connector.ts';
import { kindOf } from '../errors/kind-of.ts';
import { openMappedSource, SourceUnreadableError } from '../executor/open-mapped-source.ts';
import { tenantOf } from '../executor/run-tenant.ts';
import { CoreClient } from '../loader/core-client.ts';
import { CoreRequestError } from '../loader/core-errors.ts';
import { probeCore } from '../loader/probe-core.ts';
import type { RetryPolicy } from '../loader/retry-policy.ts';
import { targetOf } from '../loader/target-of.ts';
import type { RetryListener } from '../loader/with-retry.ts';
import { MappingInvalidError } from '../mapping/index.ts';
import type { MappingView } from '../planner/mapping-view.ts';
import { openEmptyRunStore, openRunStore, StoreMissingError } from '../store/open-run-store.ts';
import type { RunStore } from '../store/run-store.ts';
import { PipelineError } from './pipeline-errors.ts';

/** What a run needs open: core, its schema, the compiled mapping, the source and the store. */
export interface RunContext {
  readonly client: CoreClient;
  readonly schema: SchemaDocument;
  readonly mapping: MappingView;
  /** Absolute path of the mapping file, and the sha256 of its text. */
  readonly mappingPath: string;
  readonly mappingHash: string;
  readonly connector: Connector;
  /** The source's streams as discovered when the context opened (the mapping was compiled against them). */
  readonly streams?: readonly StreamInfo[];
  readonly store: RunStore;
  /** Core and tenant the records go to, without secrets (see `targetOf`): keys the watermarks. */
  readonly target: string;
  close(): Promise<void>;
}

export interface ContextInput {
  readonly mappingPath: string;
  readonly sourceUrl: string;
  readonly coreUrl: string;
  readonly token: string;
  readonly storeUrl: string;
  /**
   * `create` (default): the store is created when missing (`run`). `read`: a command that writes
   * nothing (`plan`) reads the store when there is one and an empty in-memory one otherwise.
   */
  readonly storeMode?: 'create' | 'read';
  readonly timezone: string;
  /** Keep-alive connections to core. */
  readonly connections: number;
  /** How requests to core are retried; default `DEFAULT_RETRY_POLICY`. */
  readonly retry?: RetryPolicy;
  readonly onRetry?: RetryListener;
  readonly onWarning?: (message: string) => void;
  /**
   * Ask core once, without retries, before anything else (`probeCore`): a command a person typed
   * (`run`, `plan`, `resume`) says "core is not reachable" or "token refused" at once.
   */
  readonly probe?: boolean;
}

/**
 * Opens core (and reads its schema), the mapping (compiled against the schema and the source's
 * discovery), the source connector (knowing the mapping's custom queries) and the run store.
 * Failures become `PipelineError`s naming what failed, without secrets.
 */
export async function openRunContext(input: ContextInput): Promise<RunContext> {
  const opened: { close(): Promise<void> }[] = [];
  const closeAll = async () => {
    for (const item of opened.reverse()) await item.close().catch(() => {});
  };
  try {
    if (input.probe === true) {
      const who = await probeCore(input.coreUrl, input.token);
      // Core's admin token is refused here, before the run store is opened (or created).
      if (who !== undefined) tenantOf(who, redactUrl(input.coreUrl));
    }
    const client = new CoreClient({
      url: input.coreUrl,
      token: input.token,
      connections: input.connections,
      ...(input.retry ? { retry: input.retry } : {}),
      ...(input.onRetry ? { onRetry: input.onRetry } : {}),
    });
    opened.push(client);
    const schema = await client.schema().catch((error: unknown) => {
      // Core always has GET /v1/schema: a 404 is another server, or a --core with a path.
      const hint =
        error instanceof CoreRequestError && error.status === 404
          ? '; is --core the base URL of madeup-core serve (like http://127.0.0.1:8080, without /v1)?'
          : '';
      throw new PipelineError(
        `cannot read core's schema at ${redactUrl(input.coreUrl)}: ${message(error)}${hint}`,
        kindOf(error),
        { cause: error },
      );
    });
    const mappingPath = resolve(input.mappingPath);
    const source = await openMappedSource({
      mappingPath,
      schema,
      sourceUrl: input.sourceUrl,
      timezone: input.timezone,
      ...(input.onWarning ? { onWarning: input.onWarning } : {}),
    }).catch((error: unknown) => {
      if (error instanceof SourceUnreadableError) {
        throw new PipelineError(
          `cannot read the source ${redactUrl(input.sourceUrl)}: ${error.message}`,
          'source',
          {
            cause: error,
          },
        );
      }
      throw error;
    });
    opened.push(source.connector);
    const store =
      input.storeMode === 'read' ? await readableStore(input.storeUrl) : await openRunStore(input.storeUrl);
    opened.push(store);
    return {
      client,
      schema,
      mapping: source.mapping,
      mappingPath,
      mappingHash: source.mappingHash,
      connector: source.connector,
      streams: source.streams,
      store,
      target: targetOf(input.coreUrl, input.token),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    if (error instanceof MappingInvalidError) {
      const lines = error.problems.map((p) => `  ${p.path.join('.')}: ${p.message}`).join('\n');
      throw new PipelineError(`${error.message}; run \`onboard check\` for details:\n${lines}`);
    }
    throw error;
  }
}

/** The store at `url` when there is one, else an empty one in memory: nothing created on disk. */
async function readableStore(url: string): Promise<RunStore> {
  try {
    return await openRunStore(url, 'existing');
  } catch (error) {
    if (error instanceof StoreMissingError) return openEmptyRunStore();
    throw error;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
