import { oneOf, text, type UrlOptionSpecs, wholeNumber } from './url-options.ts';

const pool = wholeNumber(1, 100, 'connections the connector opens at most (default 8)');
const connectTimeout = wholeNumber(
  1,
  3600,
  'seconds to wait for a connection (default 5 for check, none otherwise)',
);

/**
 * The options of a `postgres://` URL, named as libpq names them. `sslmode` behaves as libpq
 * documents, except that `allow` and `prefer` (which fall back to plain text without a word) are
 * refused: choose `disable` or an encrypted mode.
 */
export const POSTGRES_URL_OPTIONS = {
  sslmode: oneOf(
    ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'],
    "TLS: disable (default), require (encrypted; the server's certificate is verified against sslrootcert when one is given, as libpq does), verify-ca (encrypted, certificate signed by sslrootcert), verify-full (verify-ca and the host name matches the certificate)",
  ),
  ssl: oneOf(['true', 'false'], 'older spelling: true is sslmode=require, false is sslmode=disable'),
  sslrootcert: text(
    'the CA certificate file (PEM) that signs the server certificate; "system" for the system CAs',
    'a file path or system',
  ),
  sslcert: text('the client certificate file (PEM), for certificate authentication', 'a file path'),
  sslkey: text("the client certificate's private key file (PEM)", 'a file path'),
  pool,
  connect_timeout: connectTimeout,
} as const satisfies UrlOptionSpecs;

/**
 * The options of a `mysql://` / `mariadb://` URL, named as the mysql client names them.
 * `ssl-mode=PREFERRED` (which falls back to plain text without a word) is refused.
 */
export const MYSQL_URL_OPTIONS = {
  'ssl-mode': oneOf(
    ['DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'],
    'TLS: DISABLED (default), REQUIRED (encrypted, not verified), VERIFY_CA (encrypted, certificate signed by ssl-ca), VERIFY_IDENTITY (VERIFY_CA and the host name matches the certificate)',
  ),
  'ssl-ca': text('the CA certificate file (PEM) that signs the server certificate', 'a file path'),
  'ssl-cert': text('the client certificate file (PEM)', 'a file path'),
  'ssl-key': text("the client certificate's private key file (PEM)", 'a file path'),
  pool,
  connect_timeout: connectTimeout,
} as const satisfies UrlOptionSpecs;

/** A `sqlite:/path` URL takes no options (the file is always opened read-only). */
export const SQLITE_URL_OPTIONS = {} as const satisfies UrlOptionSpecs;

/** The options of a `file:/path` URL (CSV, TSV, NDJSON files). */
export const FILE_URL_OPTIONS = {
  format: oneOf(['csv', 'ndjson'], "the files' format (default: from each file's extension)"),
  encoding: text(
    'the text encoding, any WHATWG label: utf-8 (default), latin1, windows-1252, utf-16le, ...',
    'an encoding label',
  ),
  delimiter: text(
    'the CSV field separator (default "," and tab for .tsv); "tab" for a tab',
    'one or more characters, or tab',
  ),
  quote: {
    description: 'the CSV quote character (default "); empty turns quoting off',
    accepts: 'one character or nothing',
    parse: (value: string) => (value.length <= 1 ? value : undefined),
  },
} as const satisfies UrlOptionSpecs;
