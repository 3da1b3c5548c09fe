import { Command } from 'commander';
import { Catalog } from '../../catalog/catalog.ts';
import { resolveConfig } from '../../config.ts';
import { MODEL } from '../../model/model.ts';
import { migrateAllTenants } from '../../tenancy/migrate-all-tenants.ts';
import { configFromFlags, withConfigOptions } from '../common-options.ts';

/** `madeup-core migrate`: brings the catalog and every tenant database to the latest version. */
export function migrateCommand(): Command {
  return withConfigOptions(new Command('migrate'))
    .description('apply pending migrations to the catalog and every tenant database')
    .action(async (flags) => {
      const config = resolveConfig(configFromFlags(flags));
      const catalog = await Catalog.open(config.catalogUrl);
      try {
        for (const line of await migrateAllTenants(catalog, config, MODEL)) process.stdout.write(`${line}\n`);
      } finally {
        await catalog.close();
      }
    });
}
