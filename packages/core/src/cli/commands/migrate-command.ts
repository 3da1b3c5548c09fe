import { Command } from 'commander';
import { resolveConfig } from '../../config.ts';
import { configFromFlags, withConfigOptions } from '../common-options.ts';

/** `madeup-core migrate`: brings the catalog and every tenant database to the latest version. */
export function migrateCommand(): Command {
  return withConfigOptions(new Command('migrate'))
    .description('apply pending migrations to the catalog and every tenant database')
    .action(async (flags) => {
      const config = resolveConfig(configFromFlags(flags));
      // Loaded when migrate runs, not at start-up: the catalog, the drivers and the model.
      const [{ Catalog }, { MODEL }, { migrateAllTenants }] = await Promise.all([
        import('../../catalog/catalog.ts'),
        import('../../model/model.ts'),
        import('../../tenancy/migrate-all-tenants.ts'),
      ]);
      const catalog = await Catalog.open(config.catalogUrl);
      try {
        for (const line of await migrateAllTenants(catalog, config, MODEL)) process.stdout.write(`${line}\n`);
      } finally {
        await catalog.close();
      }
    });
}
