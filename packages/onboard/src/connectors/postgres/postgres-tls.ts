import { type ConnectionOptions, checkServerIdentity } from 'node:tls';
import type { POSTGRES_URL_OPTIONS } from '../../config/source-url-options.ts';
import type { ParsedUrlOptions } from '../../config/url-options.ts';
import { SourceConfigError } from '../connector-error.ts';
import { readPem } from '../shared/read-pem.ts';

type Options = ParsedUrlOptions<typeof POSTGRES_URL_OPTIONS>;

/**
 * The TLS settings of a PostgreSQL connection from the URL's `sslmode` and certificate options,
 * as libpq documents them:
 *
 * - `disable` (the default; also `ssl=false`): plain text.
 * - `require` (also `ssl=true`): encrypted. With `sslrootcert`, the server's certificate must be
 *   signed by it (as `verify-ca`); without, it is not checked.
 * - `verify-ca`: encrypted, and the certificate must be signed by `sslrootcert`.
 * - `verify-full`: `verify-ca`, and the URL's host must be a name (or IP) the certificate is for.
 *
 * `allow` and `prefer` are refused: they fall back to plain text without saying so.
 */
export function postgresTls(options: Options, host: string): false | ConnectionOptions {
  const mode = options.sslmode ?? (options.ssl === 'true' ? 'require' : 'disable');
  if (mode === 'allow' || mode === 'prefer')
    throw new SourceConfigError(
      `sslmode=${mode} is not supported: it falls back to plain text without a word; use sslmode=require (encrypted), verify-full (encrypted and verified) or disable`,
    );
  if (mode === 'disable') return false;
  const root = options.sslrootcert;
  if (root === undefined && mode !== 'require')
    throw new SourceConfigError(
      `sslmode=${mode} needs sslrootcert=FILE (the CA that signs the server's certificate) or sslrootcert=system`,
    );
  const client = {
    ...(options.sslcert === undefined ? {} : { cert: readPem('sslcert', options.sslcert) }),
    ...(options.sslkey === undefined ? {} : { key: readPem('sslkey', options.sslkey) }),
  };
  if (root === undefined) return { ...client, rejectUnauthorized: false };
  const ca = root === 'system' ? {} : { ca: readPem('sslrootcert', root) };
  return {
    ...client,
    ...ca,
    rejectUnauthorized: true,
    checkServerIdentity:
      mode === 'verify-full' ? (_name, cert) => checkServerIdentity(host, cert) : () => undefined,
  };
}
