import type { Command } from 'commander';
import type { CoreOptions } from '../config.ts';
import { UsageError } from './usage-error.ts';

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

const DIALECTS = ['sqlite', 'postgres', 'mysql'];

/** `value` of a dialect flag, or a `UsageError` naming the flag and the dialects there are. */
export function checkedDialect(flag: string, value: string | undefined): string | undefined {
  if (value === undefined || DIALECTS.includes(value)) return value;
  throw new UsageError(`${flag} must be sqlite, postgres or mysql, not "${value}"`);
}

/** Turns parsed flags into `CoreOptions` (unset flags stay unset). */
export function configFromFlags(flags: ConfigFlags): CoreOptions {
  checkedDialect(
    '--default-dialect (or MADEUP_DEFAULT_DIALECT)',
    flags.defaultDialect ?? process.env['MADEUP_DEFAULT_DIALECT'],
  );
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
