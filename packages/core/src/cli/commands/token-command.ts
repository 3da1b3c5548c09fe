import type { CreatedToken, TokenList } from '@madeup/contract';
import { Command } from 'commander';
import { CoreClient, type ServerFlags, withServerOption } from '../core-client.ts';
import { UsageError } from '../usage-error.ts';

const printCreated = (created: CreatedToken, what: string, server: string) =>
  process.stdout.write(
    `${what} token ${created.id} for ${created.tenantId === null ? 'admin' : `tenant ${created.tenantId}`} on ${server}` +
      `${created.replaced !== undefined ? ` (replaces ${created.replaced}, revoked now)` : ''}\n` +
      `token (shown once): ${created.token}\n`,
  );

/** `madeup-core token list|create|rotate|revoke`: token administration through a running core. */
export function tokenCommand(): Command {
  const token = new Command('token').description(
    'list, create, rotate and revoke API tokens of a running core (admin token from MADEUP_ADMIN_TOKEN)',
  );
  token.addCommand(
    withServerOption(new Command('list'))
      .description('list tokens: id, owner (a tenant or admin), creation time')
      .option('--tenant <id>', 'only the tokens of this tenant')
      .action(async (flags: ServerFlags & { tenant?: string }) => {
        const query = flags.tenant === undefined ? '' : `?tenant=${encodeURIComponent(flags.tenant)}`;
        const { tokens } = await new CoreClient(flags.server).call<TokenList>('GET', `/v1/tokens${query}`);
        for (const t of tokens) process.stdout.write(`${t.id}\t${t.tenantId ?? 'admin'}\t${t.createdAt}\n`);
      }),
  );
  token.addCommand(
    withServerOption(new Command('create'))
      .description('create a token for a tenant (--tenant) or an admin token (--admin)')
      .option('--tenant <id>', 'the tenant the token reaches')
      .option('--admin', 'an admin token')
      .action(async (flags: ServerFlags & { tenant?: string; admin?: boolean }) => {
        if ((flags.tenant === undefined) === (flags.admin !== true))
          throw new UsageError('give exactly one of --tenant ID and --admin');
        const client = new CoreClient(flags.server);
        const created = await client.call<CreatedToken>('POST', '/v1/tokens', {
          tenantId: flags.tenant ?? null,
        });
        printCreated(created, 'created', client.server);
      }),
  );
  token.addCommand(
    withServerOption(new Command('rotate'))
      .description('replace a token by a new one for the same owner; the old one stops at once')
      .argument('<token-id>', 'tok_... (from `token list` or GET /v1/whoami)')
      .action(async (id: string, flags: ServerFlags) => {
        const client = new CoreClient(flags.server);
        const created = await client.call<CreatedToken>(
          'POST',
          `/v1/tokens/${encodeURIComponent(id)}/rotate`,
        );
        printCreated(created, 'rotated: new', client.server);
      }),
  );
  token.addCommand(
    withServerOption(new Command('revoke'))
      .description(
        'revoke a token: it stops at once on that core, within MADEUP_TOKEN_CACHE_MS on the others',
      )
      .argument('<token-id>', 'tok_...')
      .action(async (id: string, flags: ServerFlags) => {
        const client = new CoreClient(flags.server);
        await client.call('DELETE', `/v1/tokens/${encodeURIComponent(id)}`);
        process.stdout.write(`revoked token ${id} on ${client.server}\n`);
      }),
  );
  return token;
}
