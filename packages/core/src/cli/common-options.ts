import type { Command } from 'commander';
import type { CoreOptions } from '../config.ts';

/** Flags every command shares; each falls back to its MADEUP_* environment variable. */
export function withConfigOptions(command: Command): Command {
  return command
    .option(
      '--data-dir <dir>',
      'folder of the embedded catalog and SQLite tenants (MADEUP_DATA_DIR)',
      undefined,
    )
    .option('--catalog-url <url>', 'catalog database URL or SQLite path (MADEUP_CATALOG_URL)')
    .option('--postgres-url <url>', 'PostgreSQL server for tenant databases (MADEUP_POSTGRES_URL)')
    .option('--mysql-url <url>', 'MySQL/MariaDB server for tenant databases (MADEUP_MYSQL_URL)')
    .option('--default-dialect <dialect>', 'sqlite | postgres | mysql (MADEUP_DEFAULT_DIALECT)');
}

export interface ConfigFlags {
  dataDir?: string;
  catalogUrl?: string;
  postgresUrl?: string;
  mysqlUrl?: string;
  defaultDialect?: string;
}

/** Turns parsed flags into `CoreOptions` (unset flags stay unset). */
export function configFromFlags(flags: ConfigFlags): CoreOptions {
  const servers = {
    ...(flags.postgresUrl !== undefined ? { postgres: flags.postgresUrl } : {}),
    ...(flags.mysqlUrl !== undefined ? { mysql: flags.mysqlUrl } : {}),
  };
  return {
    ...(flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {}),
    ...(flags.catalogUrl !== undefined ? { catalogUrl: flags.catalogUrl } : {}),
    ...(Object.keys(servers).length > 0 ? { servers } : {}),
    ...(flags.defaultDialect !== undefined
      ? { defaultDialect: flags.defaultDialect as CoreOptions['defaultDialect'] & string }
      : {}),
  };
}
