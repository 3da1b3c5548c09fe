import { createHash } from 'node:crypto';
import type { SchemaDocument } from '@madeup/contract';
import type { Connector, StreamInfo } from '../connectors/connector.ts';
import { openConnector } from '../connectors/registry.ts';
import { OnboardError } from '../errors/onboard-error.ts';
import { compileMapping, loadMapping } from '../mapping/index.ts';
import type { MappingView } from '../planner/mapping-view.ts';

/** A mapping compiled against core's schema and the source's discovery, with the source open. */
export interface MappedSource {
  readonly mapping: MappingView;
  /** sha256 of the mapping file's text. */
  readonly mappingHash: string;
  readonly connector: Connector;
  /** The source's discovery the mapping was compiled against (a plan reuses it). */
  readonly streams: readonly StreamInfo[];
}

/** The mapping file is not the one a task was planned with. */
export class MappingChangedError extends OnboardError {
  override readonly name = 'MappingChangedError';
  constructor(message: string, options?: ErrorOptions) {
    super('config', message, options);
  }
}

/**
 * Loads a mapping file, opens the source with the mapping's custom queries, and compiles the
 * mapping against core's schema and the source's streams. With `expectedHash`, refuses a file
 * that changed since planning. The connector is closed again on failure.
 */
export async function openMappedSource(input: {
  readonly mappingPath: string;
  readonly schema: SchemaDocument;
  readonly sourceUrl: string;
  readonly timezone: string;
  readonly expectedHash?: string;
  readonly onWarning?: (message: string) => void;
}): Promise<MappedSource> {
  const loaded = await loadMapping(input.mappingPath);
  const mappingHash = createHash('sha256').update(loaded.text).digest('hex');
  if (input.expectedHash !== undefined && input.expectedHash !== mappingHash) {
    throw new MappingChangedError(`the mapping ${input.mappingPath} changed since the run was planned`);
  }
  const hooks = loaded.hooks
    ? { hooks: loaded.hooks, timeZone: input.timezone }
    : { timeZone: input.timezone };
  const draft = compileMapping(loaded.data, input.schema, hooks);
  const connector = openConnector({
    url: input.sourceUrl,
    timezone: input.timezone,
    queries: draft.queries,
    ...(input.onWarning ? { onWarning: input.onWarning } : {}),
  });
  try {
    const check = await connector.check();
    if (!check.ok) throw new SourceUnreadableError(`${check.code}: ${check.message}`);
    const streams = await connector.discover();
    return {
      mapping: compileMapping(loaded.data, input.schema, { streams, ...hooks }),
      mappingHash,
      connector,
      streams,
    };
  } catch (error) {
    await connector.close().catch(() => {});
    throw error;
  }
}

/** The source failed its connection check; the message is the connector's, without secrets. */
export class SourceUnreadableError extends OnboardError {
  override readonly name = 'SourceUnreadableError';
  constructor(message: string, options?: ErrorOptions) {
    super('source', message, options);
  }
}
