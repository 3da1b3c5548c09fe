import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SchemaDocument } from '@madeup/contract';
import type { Command } from 'commander';
import { readEnv } from '../../config/environment.ts';
import type { StreamInfo } from '../../connectors/connector.ts';
import { ConfigError, OnboardError, UsageError } from '../../errors/onboard-error.ts';
import { secretFlag } from '../secret-flag.ts';

interface InitFlags {
  source: string;
  core?: string;
  schema?: string;
  token?: string;
  out?: string;
  force?: boolean;
  name?: string;
  timezone: string;
}

/**
 * `onboard mapping init --source URL --core URL [--out FILE]`: writes a first mapping from the
 * source's discovery and core's live schema (see `draftMapping`). The draft goes to stdout, or to
 * `--out` (never over an existing file without `--force`); what was chosen, and what `onboard
 * check` still finds in the draft, go to stderr.
 */
export const registerMappingInit = (program: Command): void => {
  const mapping =
    program.commands.find((command) => command.name() === 'mapping') ??
    program.command('mapping').description('Work with mapping files');
  mapping
    .command('init')
    .description('Write a draft mapping from the source’s tables and core’s schema')
    .requiredOption('--source <url>', 'postgres://…, mysql://…, sqlite:/path or file:/path')
    .option('--core <url>', 'core’s base URL; its GET /v1/schema is the model drafted for')
    .option('--schema <file>', 'a saved copy of GET /v1/schema (JSON), instead of --core')
    .option('--token <token>', 'API token for core (default: $ONBOARD_TOKEN)')
    .option('--out <file>', 'write the draft to this file instead of stdout')
    .option('--force', 'overwrite --out when it exists')
    .option('--name <source>', 'the source system name of the external ids (default: from the URL)')
    .option('--timezone <iana>', 'timezone of naive timestamps in the source', 'UTC')
    .action(async (flags: InitFlags) => {
      if ((flags.core === undefined) === (flags.schema === undefined))
        throw new UsageError('give exactly one of --core and --schema');
      if (flags.out !== undefined && existsSync(flags.out) && !flags.force)
        throw new UsageError(`${flags.out} exists; pass --force to overwrite it`);
      const [
        { fetchCoreSchema, readSchemaFile },
        { redactSourceUrl },
        { checkMapping, formatProblem },
        { draftMapping },
        { writeDraft },
      ] = await Promise.all([
        import('../core-schema.ts'),
        import('../../connectors/source-url.ts'),
        import('../../mapping/check-mapping.ts'),
        import('../../mapping/draft/draft-mapping.ts'),
        import('../../mapping/draft/write-draft.ts'),
      ]);
      const schema: SchemaDocument = flags.core
        ? await fetchCoreSchema(flags.core, secretFlag(flags.token) ?? readEnv('token'))
        : await readSchemaFile(flags.schema!);
      const { streams, samples } = await discoverSource(flags.source, flags.timezone);
      const source = flags.name ?? sourceName(flags.source);
      const draft = draftMapping(schema, streams, { source, samples });
      const text = writeDraft(draft, [
        `Draft mapping written by \`onboard mapping init\` from ${redactSourceUrl(flags.source)}`,
        `and core's schema ${schema.version}. Review every entity: the choices are guesses.`,
        'Check it with `onboard check --mapping FILE --source URL --core URL`; docs/mappings.md.',
      ]);
      if (flags.out !== undefined) await writeFile(flags.out, text);
      else process.stdout.write(text);
      const log = (line: string) => process.stderr.write(`${line}\n`);
      for (const entity of draft.entities)
        log(
          `${entity.entity}: ${entity.stream} (by ${entity.by}), ${entity.fields} field(s), ${entity.references} reference(s)${entity.missing.length > 0 ? `; missing: ${entity.missing.join(', ')}` : ''}`,
        );
      if (draft.left.length > 0) log(`no stream found for: ${draft.left.join(', ')}`);
      const problems = checkMapping(text, schema, streams, { timeZone: flags.timezone });
      const file = flags.out ?? 'draft';
      if (problems.length === 0) log(`${file}: the draft passes onboard check`);
      else {
        for (const problem of problems) log(formatProblem(file, problem));
        log(`${problems.length} problem(s) left in the draft for onboard check`);
      }
    });
};

/** The source's tables and views and the first rows of each; a source that cannot be read is a source error. */
async function discoverSource(url: string, timezone: string) {
  const [{ openConnector }, { redactSourceUrl }, { sampleRows }] = await Promise.all([
    import('../../connectors/registry.ts'),
    import('../../connectors/source-url.ts'),
    import('../../mapping/draft/sample-rows.ts'),
  ]);
  const connector = openConnector({ url, timezone, onWarning: () => {} });
  try {
    const checked = await connector.check();
    if (!checked.ok)
      throw new OnboardError(
        'source',
        `cannot read ${redactSourceUrl(url)}: ${checked.code}: ${checked.message}`,
      );
    const streams: StreamInfo[] = await connector.discover();
    return { streams, samples: await sampleRows(connector, streams) };
  } finally {
    await connector.close();
  }
}

/** `sqlite:/data/Chinook.sqlite` -> `Chinook`, `postgres://h/vendor_x` -> `vendor_x`: a valid source name. */
export function sourceName(url: string): string {
  let base = url;
  try {
    const parsed = new URL(url);
    base =
      parsed.protocol === 'sqlite:' || parsed.protocol === 'file:'
        ? basename(parsed.pathname)
        : parsed.pathname;
  } catch {
    base = basename(url);
  }
  const name = basename(base)
    .replace(/\.[A-Za-z0-9]+$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 100);
  if (name === '' || name === '-') throw new ConfigError('cannot name the source from its URL; pass --name');
  return name;
}
