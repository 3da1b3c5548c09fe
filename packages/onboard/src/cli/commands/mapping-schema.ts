import type { Command } from 'commander';
import { readEnv } from '../../config/environment.ts';
import { secretFlag } from '../secret-flag.ts';

interface SchemaFlags {
  core?: string;
  token?: string;
}

/**
 * `onboard mapping schema [--core URL]`: prints the JSON Schema of mapping files, for editors.
 * With `--core`, entity, field and reference names of core's live model are completed too.
 */
export const registerMappingSchema = (program: Command): void => {
  const mapping =
    program.commands.find((command) => command.name() === 'mapping') ??
    program.command('mapping').description('Work with mapping files');
  mapping
    .command('schema')
    .description(
      'Print the JSON Schema of mapping files (with --core: of this core’s model) for editor completion',
    )
    .option('--core <url>', 'core’s base URL, to complete entity and field names from GET /v1/schema')
    .option('--token <token>', 'API token for core (default: $ONBOARD_TOKEN)')
    .action(async (flags: SchemaFlags) => {
      const [{ fetchCoreSchema }, { mappingJsonSchema }] = await Promise.all([
        import('../core-schema.ts'),
        import('../../mapping/mapping-json-schema.ts'),
      ]);
      const schema = flags.core
        ? await fetchCoreSchema(flags.core, secretFlag(flags.token) ?? readEnv('token'))
        : undefined;
      process.stdout.write(`${JSON.stringify(mappingJsonSchema(schema), null, 2)}\n`);
    });
};
