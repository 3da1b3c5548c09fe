import { type ErrorKind, OnboardError } from './onboard-error.ts';

/** Socket-level failures (Node, undici): the peer went away or could not be reached for now. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** MySQL/MariaDB (mysql2) codes of a lost connection or a conflict that a new try resolves. */
const MYSQL_TRANSIENT = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_QUERY_INTERRUPTED',
]);

/**
 * PostgreSQL SQLSTATE classes and codes that a new try may not meet: connection exceptions (08),
 * insufficient resources (53), operator intervention (57P01-57P03: shutdown, crash recovery),
 * serialization failure and deadlock (40001, 40P01).
 */
function postgresTransient(sqlState: string): boolean {
  return (
    sqlState.startsWith('08') ||
    sqlState.startsWith('53') ||
    ['57P01', '57P02', '57P03', '40001', '40P01'].includes(sqlState)
  );
}

/** node-postgres and mysql2 report a connection that is already gone with these messages and no code. */
const DROPPED =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Can't add new command when connection is in closed state)/;

/**
 * The kind of any thrown value: an `OnboardError` says its own; a driver or network error that a
 * new try may not meet is `transient`; everything else (a TypeError, a RangeError from a stack
 * overflow, a driver error nobody classified) is `internal`, so it is never mistaken for a
 * one-line user error.
 */
export function kindOf(error: unknown): ErrorKind {
  if (error instanceof OnboardError) return error.kind;
  if (typeof error !== 'object' || error === null) return 'internal';
  if (isTransientDriverError(error)) return 'transient';
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && cause !== error && kindOf(cause) === 'transient') return 'transient';
  return isDriverError(error) || isCertificateError(error) ? 'source' : 'internal';
}

/** True when a new try of the failed step may succeed (the kind is `transient`). */
export function isTransient(error: unknown): boolean {
  return kindOf(error) === 'transient';
}

/**
 * An error a database driver raised for a statement (PostgreSQL's SQLSTATE with a severity,
 * MySQL's errno/sqlState, SQLite's SQLITE_* codes): the database refused what was asked, which is
 * about the source (a permission, a custom query's SQL), not a defect.
 */
function isDriverError(error: object): boolean {
  const { code, errno, name } = error as { code?: unknown; errno?: unknown; name?: unknown };
  if (typeof code !== 'string') return false;
  if ('severity' in error && /^[0-9A-Z]{5}$/.test(code)) return true;
  if ('sqlState' in error && typeof errno === 'number') return true;
  return name === 'SqliteError' || code.startsWith('SQLITE_');
}

/** A TLS certificate the client refused (Node's verification codes): the source's setup, not a defect. */
function isCertificateError(error: object): boolean {
  const { code } = error as { code?: unknown };
  return (
    typeof code === 'string' &&
    (/^(SELF_SIGNED|DEPTH_ZERO|UNABLE_TO_|CERT_)/.test(code) ||
      code === 'ERR_TLS_CERT_ALTNAME_INVALID' ||
      code === 'HANDSHAKE_SSL_ERROR')
  );
}

function isTransientDriverError(error: object): boolean {
  const { code, message, fatal } = error as { code?: unknown; message?: unknown; fatal?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || MYSQL_TRANSIENT.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && 'severity' in error) return postgresTransient(code);
  }
  if (fatal === true && typeof code === 'string' && code.startsWith('PROTOCOL_')) return true;
  return typeof message === 'string' && DROPPED.test(message);
}
