import { join } from 'node:path';
import type { TenantDialect } from '@madeup/contract';
import type { CoreConfig } from '../config.ts';
import { DialectNotConfiguredError } from './tenancy-errors.ts';

/** Where databases of `dialect` live: a server URL, or the tenants folder for SQLite. */
export function serverFor(config: CoreConfig, dialect: TenantDialect): string {
  if (dialect === 'sqlite') return join(config.dataDir, 'tenants');
  const url = config.servers[dialect];
  if (url === undefined)
    throw new DialectNotConfiguredError(
      `no ${dialect} server is configured (set --${dialect}-url or MADEUP_${dialect.toUpperCase()}_URL)`,
    );
  return url;
}
