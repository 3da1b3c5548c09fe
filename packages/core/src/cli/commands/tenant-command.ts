import type { CreateTenantResponse, TenantDialect, TenantList } from '@madeup/contract';
import { Command } from 'commander';
import { resolveConfig } from '../../config.ts';
import { type ConfigFlags, checkedDialect, configFromFlags, withConfigOptions } from '../common-options.ts';
import { CoreClient, type ServerFlags, withServerOption } from '../core-client.ts';
import { UsageError } from '../usage-error.ts';

type CreateFlags = ServerFlags & ConfigFlags & { dialect?: string; offline?: boolean };

/**
 * `madeup-core tenant create|list`: through a running core's API (`--server`, admin token from
 * MADEUP_ADMIN_TOKEN). `tenant create --offline` writes straight into a catalog instead.
 */
export function tenantCommand(): Command {
  const tenant = new Command('tenant').description('manage tenants of a running core');
  tenant.addCommand(
    withConfigOptions(withServerOption(new Command('create')))
      .description('create a tenant (database created and migrated) and print its first API token')
      .argument('<id>', 'tenant id: 1..63 of a-z, 0-9 and -, starting with a letter')
      .option('--dialect <dialect>', "sqlite | postgres | mysql (default: the server's default)")
      .option(
        '--offline',
        'no server: write into the catalog given by --data-dir/--catalog-url (a core serving that catalog sees the tenant at once)',
      )
      .action(async (id: string, flags: CreateFlags) => {
        const dialect = checkedDialect('--dialect', flags.dialect) as TenantDialect | undefined;
        if (flags.offline === true) return createOffline(id, dialect, flags);
        const local = (
          ['dataDir', 'catalogUrl', 'postgresUrl', 'mysqlUrl', 'defaultDialect'] as const
        ).filter((name) => flags[name] !== undefined);
        if (local.length > 0)
          throw new UsageError(
            `--${local[0]?.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} only applies with --offline; ` +
              "without it the tenant is created by the core at --server, with that core's settings",
          );
        const client = new CoreClient(flags.server);
        const created = await client.call<CreateTenantResponse>('POST', '/v1/tenants', {
          id,
          ...(dialect !== undefined ? { dialect } : {}),
        });
        process.stdout.write(
          `created tenant ${created.id} (${created.dialect}) on ${client.server}\ntoken (shown once): ${created.token}\n`,
        );
      }),
  );
  tenant.addCommand(
    withServerOption(new Command('list'))
      .description('list the tenants of a running core')
      .action(async (flags: ServerFlags) => {
        const { tenants } = await new CoreClient(flags.server).call<TenantList>('GET', '/v1/tenants');
        for (const t of tenants) process.stdout.write(`${t.id}\t${t.dialect}\t${t.createdAt}\n`);
      }),
  );
  return tenant;
}

async function createOffline(
  id: string,
  dialect: TenantDialect | undefined,
  flags: ConfigFlags,
): Promise<void> {
  const config = resolveConfig(configFromFlags(flags));
  // Loaded when --offline runs, not at start-up: the catalog, the drivers and the model.
  const [{ Catalog }, { redactUrlPasswords }, { MODEL }, { provisionTenant }] = await Promise.all([
    import('../../catalog/catalog.ts'),
    import('../../logging/redact-url-passwords.ts'),
    import('../../model/model.ts'),
    import('../../tenancy/provision-tenant.ts'),
  ]);
  const catalog = await Catalog.open(config.catalogUrl);
  try {
    const created = await provisionTenant(catalog, config, MODEL, id, dialect);
    process.stdout.write(
      `offline: created tenant ${created.id} (${created.dialect}) in catalog ${redactUrlPasswords(config.catalogUrl)}` +
        ` (data folder ${config.dataDir}); only a core serving this catalog knows it\n` +
        `token (shown once): ${created.token}\n`,
    );
  } finally {
    await catalog.close();
  }
}
