import type { TenantDialect } from '@madeup/contract';
import { Command } from 'commander';
import { Catalog } from '../../catalog/catalog.ts';
import { resolveConfig } from '../../config.ts';
import { MODEL } from '../../model/model.ts';
import { provisionTenant } from '../../tenancy/provision-tenant.ts';
import { type ConfigFlags, configFromFlags, withConfigOptions } from '../common-options.ts';

/** `madeup-core tenant create <id> [--dialect d]`: creates and migrates a tenant, prints its token. */
export function tenantCommand(): Command {
  const tenant = new Command('tenant').description('manage tenants');
  tenant.addCommand(
    withConfigOptions(new Command('create'))
      .description('create a tenant database, migrate it and print its first API token')
      .argument('<id>', 'tenant id: 1..63 of a-z, 0-9 and -, starting with a letter')
      .option('--dialect <dialect>', 'sqlite | postgres | mysql (default: the configured default)')
      .action(async (id: string, flags: ConfigFlags & { dialect?: string }) => {
        const config = resolveConfig(configFromFlags(flags));
        const catalog = await Catalog.open(config.catalogUrl);
        try {
          const created = await provisionTenant(
            catalog,
            config,
            MODEL,
            id,
            flags.dialect as TenantDialect | undefined,
          );
          process.stdout.write(
            `tenant ${created.id} created on ${created.dialect}\ntoken (shown once): ${created.token}\n`,
          );
        } finally {
          await catalog.close();
        }
      }),
  );
  return tenant;
}
