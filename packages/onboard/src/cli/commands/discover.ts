import type { Command } from 'commander';
import type { StreamInfo } from '../../connectors/connector.ts';

interface DiscoverFlags {
  source: string;
  json?: boolean;
  timezone?: string;
}

/** `onboard discover --source URL [--json]`: the streams of a source, their keys and sizes. */
export const registerDiscover = (program: Command): void => {
  program
    .command('discover')
    .description('List the streams of a source: tables, views, files; row estimates, keys, cursor candidates')
    .requiredOption(
      '--source <url>',
      'postgres://…, mysql://…, sqlite:/path or file:/path (password also from ONBOARD_SOURCE_PASSWORD)',
    )
    .option('--json', 'print the streams as JSON (with their columns)')
    .option('--timezone <iana>', 'timezone of naive timestamps in the source', 'UTC')
    .action(async (flags: DiscoverFlags) => {
      const streams = await discover(flags);
      process.stdout.write(flags.json ? `${JSON.stringify(streams, null, 2)}\n` : formatStreams(streams));
    });
};

async function discover(flags: DiscoverFlags): Promise<StreamInfo[]> {
  const [{ ConnectorError }, { openConnector }, { redactSourceUrl }] = await Promise.all([
    import('../../connectors/connector-error.ts'),
    import('../../connectors/registry.ts'),
    import('../../connectors/source-url.ts'),
  ]);
  const warnings: string[] = [];
  const connector = openConnector({
    url: flags.source,
    timezone: flags.timezone ?? 'UTC',
    onWarning: (m) => warnings.push(m),
  });
  try {
    const check = await connector.check();
    if (!check.ok)
      throw new ConnectorError(
        `cannot read ${redactSourceUrl(flags.source)}: ${check.code}: ${check.message}`,
      );
    return await connector.discover();
  } finally {
    await connector.close();
    for (const warning of new Set(warnings)) process.stderr.write(`onboard: warning: ${warning}\n`);
  }
}

/** A plain-text table, one line per stream, for humans. */
export function formatStreams(streams: readonly StreamInfo[]): string {
  const header = ['stream', 'kind', 'rows (est.)', 'columns', 'key', 'cursor candidates'];
  const lines = streams.map((s) => [
    s.name,
    s.kind,
    s.estimatedRows === undefined ? '?' : String(s.estimatedRows),
    String(s.columns.length),
    s.primaryKey.length > 0 ? s.primaryKey.join(', ') : '(none: read whole)',
    s.cursorCandidates.join(', ') || '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => (line[i] ?? '').length)));
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 2 || i === 3 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const unsupported = streams.flatMap((s) =>
    s.columns.flatMap((c) =>
      c.unsupported === undefined
        ? []
        : [`  ${s.name}.${c.name} (${c.nativeType}): cast it in a custom query, e.g. ${c.unsupported}`],
    ),
  );
  const notes = unsupported.length > 0 ? ['columns onboard cannot read as they are:', ...unsupported] : [];
  return `${[render(header), rule, ...lines.map(render)].join('\n')}\n${streams.length} stream(s)\n${notes.map((n) => `${n}\n`).join('')}`;
}
