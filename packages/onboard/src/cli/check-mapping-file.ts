import { readEnv } from '../config/environment.ts';
import type { StreamInfo } from '../connectors/connector.ts';
import { ConnectorError } from '../connectors/connector-error.ts';
import { openConnector } from '../connectors/registry.ts';
import { redactSourceUrl } from '../connectors/source-url.ts';
import { UsageError } from '../errors/onboard-error.ts';
import { checkMapping, formatProblem } from '../mapping/check-mapping.ts';
import { analyseMapping } from '../mapping/compile-mapping.ts';
import { type LoadedMapping, loadMapping } from '../mapping/load-mapping.ts';
import type { MappingProblem } from '../mapping/mapping-problem.ts';
import { mappingQueries } from '../mapping/mapping-queries.ts';
import { parseMappingText } from '../mapping/mapping-text.ts';
import { type UnusedColumns, unusedColumns } from '../mapping/unused-columns.ts';
import { fetchCoreSchema, readSchemaFile } from './core-schema.ts';
import { secretFlag } from './secret-flag.ts';

/** What `onboard check` is given. */
export interface CheckFlags {
  mapping: string;
  source?: string;
  core?: string;
  schema?: string;
  token?: string;
  timezone: string;
  unusedColumns?: boolean;
}

/**
 * The body of `onboard check`: every problem of the mapping against core's schema and the
 * source's discovery, each as `file:line:col: message [code]`; prints `ok` (and, asked, the unused
 * columns) when there is none.
 */
export async function checkMappingFile(flags: CheckFlags): Promise<string[]> {
  if ((flags.core === undefined) === (flags.schema === undefined))
    throw new UsageError('give exactly one of --core and --schema');
  if (flags.unusedColumns && flags.source === undefined)
    throw new UsageError('--unused-columns needs --source');
  const loaded = await loadMapping(flags.mapping);
  const schema = flags.core
    ? await fetchCoreSchema(flags.core, secretFlag(flags.token) ?? readEnv('token'))
    : await readSchemaFile(flags.schema!);
  const discovery = flags.source
    ? await discover(flags.source, flags.timezone, loaded)
    : { streams: undefined, problems: [] };
  const text = parseMappingText(loaded.text);
  const failed = new Set(discovery.problems.map((problem) => problem.path[1]));
  const found = checkMapping(
    loaded.text,
    schema,
    discovery.streams,
    loaded.hooks ? { hooks: loaded.hooks, timeZone: flags.timezone } : { timeZone: flags.timezone },
  );
  const located = [
    ...discovery.problems.map(text.locate),
    // A failed query is reported once, at its SQL, not again as "not discovered".
    ...found.filter(
      (problem) =>
        !(problem.code === 'unknown_stream' && problem.path[2] === 'query' && failed.has(problem.path[1])),
    ),
  ].sort((a, b) => a.line - b.line || a.column - b.column);
  if (located.length === 0) {
    const streams = discovery.streams
      ? `${discovery.streams.length} source stream(s)`
      : 'no source (stream checks skipped)';
    process.stdout.write(`${flags.mapping}: ok (core schema ${schema.version}, ${streams})\n`);
    if (flags.unusedColumns && discovery.streams) {
      const options = { streams: discovery.streams, timeZone: flags.timezone };
      const { compiled } = analyseMapping(
        loaded.data,
        schema,
        loaded.hooks ? { ...options, hooks: loaded.hooks } : options,
      );
      if (compiled) process.stdout.write(formatUnused(unusedColumns(compiled, discovery.streams)));
    }
  }
  return located.map((problem) => formatProblem(flags.mapping, problem));
}

/** The `--unused-columns` listing: one line per stream with unread columns, then the unread streams. */
function formatUnused(unused: UnusedColumns): string {
  const lines = unused.columns.map(({ stream, columns }) => `  ${stream}: ${columns.join(', ')}`);
  const head =
    lines.length === 0
      ? 'unused columns: none (every column of every stream read is used)\n'
      : `unused columns (no field, id, reference, filter or cursor reads them):\n${lines.join('\n')}\n`;
  const streams = unused.streams.length === 0 ? 'none' : unused.streams.join(', ');
  return `${head}streams no entity reads: ${streams}\n`;
}

/**
 * The source's streams with the mapping's custom queries. When discovery with the queries fails,
 * each query is tried alone, and the failing ones become problems placed at their `sql`.
 */
async function discover(
  url: string,
  timezone: string,
  loaded: LoadedMapping,
): Promise<{ streams: StreamInfo[]; problems: MappingProblem[] }> {
  const placed = mappingQueries(loaded.data);
  // Printed once each, however often discovery is tried (e.g. a column a files source renamed).
  const warnings = new Set<string>();
  try {
    return await discoverEach(url, timezone, placed, (m) => warnings.add(m));
  } finally {
    for (const warning of warnings) process.stderr.write(`onboard: warning: ${warning}\n`);
  }
}

async function discoverEach(
  url: string,
  timezone: string,
  placed: ReturnType<typeof mappingQueries>,
  onWarning: (message: string) => void,
): Promise<{ streams: StreamInfo[]; problems: MappingProblem[] }> {
  const attempt = async (queries: typeof placed) => {
    const connector = openConnector({
      url,
      timezone,
      queries: queries.map((q) => q.query),
      onWarning,
    });
    try {
      const checked = await connector.check();
      if (!checked.ok)
        throw new SourceCheckError(
          `cannot read ${redactSourceUrl(url)}: ${checked.code}: ${checked.message}`,
        );
      return await connector.discover();
    } finally {
      await connector.close();
    }
  };
  try {
    return { streams: await attempt(placed), problems: [] };
  } catch (error) {
    if (error instanceof SourceCheckError || placed.length === 0) throw error;
  }
  const streams = await attempt([]);
  const problems: MappingProblem[] = [];
  for (const query of placed) {
    try {
      streams.push(...(await attempt([query])).filter((stream) => stream.kind === 'query'));
    } catch (error) {
      if (error instanceof SourceCheckError) throw error;
      problems.push({
        code: 'unknown_stream',
        path: query.path,
        message: `custom query "${query.query.name}" fails: ${messageOf(error)}`,
      });
    }
  }
  return { streams, problems };
}

/** The source failed its connection check: stops `check` at once, whatever the queries. */
class SourceCheckError extends ConnectorError {}

/** A connector's own errors are safe to print; a driver error (e.g. bad SQL in a query) gives its first line. */
function messageOf(error: unknown): string {
  if (error instanceof ConnectorError) return error.message;
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}
