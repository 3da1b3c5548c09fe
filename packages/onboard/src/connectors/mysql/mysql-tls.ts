import { isIP } from 'node:net';
import type { SslOptions } from 'mysql2';
import type { MYSQL_URL_OPTIONS } from '../../config/source-url-options.ts';
import type { ParsedUrlOptions } from '../../config/url-options.ts';
import { SourceConfigError } from '../connector-error.ts';
import { readPem } from '../shared/read-pem.ts';

type Options = ParsedUrlOptions<typeof MYSQL_URL_OPTIONS>;

/**
 * The TLS settings of a MySQL/MariaDB connection from the URL's `ssl-mode` and certificate
 * options, as the mysql client documents them:
 *
 * - `DISABLED` (the default): plain text.
 * - `REQUIRED`: encrypted; the server's certificate is not checked.
 * - `VERIFY_CA`: encrypted, and the certificate must be signed by `ssl-ca`.
 * - `VERIFY_IDENTITY`: `VERIFY_CA`, and the host must be a name the certificate is for. The host
 *   must be a name, not an IP address (mysql2 would check an IP host against "localhost").
 *
 * `PREFERRED` is refused: it falls back to plain text without saying so.
 */
export function mysqlTls(options: Options, host: string): SslOptions | undefined {
  const mode = options['ssl-mode'] ?? 'DISABLED';
  if (mode === 'PREFERRED')
    throw new SourceConfigError(
      'ssl-mode=PREFERRED is not supported: it falls back to plain text without a word; use ssl-mode=REQUIRED (encrypted), VERIFY_IDENTITY (encrypted and verified) or DISABLED',
    );
  if (mode === 'DISABLED') return undefined;
  if (mode !== 'REQUIRED' && options['ssl-ca'] === undefined)
    throw new SourceConfigError(
      `ssl-mode=${mode} needs ssl-ca=FILE (the CA that signs the server's certificate)`,
    );
  if (mode === 'VERIFY_IDENTITY' && isIP(host) !== 0)
    throw new SourceConfigError(
      `ssl-mode=VERIFY_IDENTITY needs the host name the server's certificate is for, not the IP address ${host}`,
    );
  return {
    ...(options['ssl-ca'] === undefined ? {} : { ca: readPem('ssl-ca', options['ssl-ca']) }),
    ...(options['ssl-cert'] === undefined ? {} : { cert: readPem('ssl-cert', options['ssl-cert']) }),
    ...(options['ssl-key'] === undefined ? {} : { key: readPem('ssl-key', options['ssl-key']) }),
    rejectUnauthorized: mode !== 'REQUIRED',
    verifyIdentity: mode === 'VERIFY_IDENTITY',
  };
}
