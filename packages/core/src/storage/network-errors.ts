/** Node.js socket error codes that mean the database server cannot be reached. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
]);

/** The driver's `code` of an error, if any. */
export function errorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Driver messages (without a code) of a connection that died under a request. */
const DEAD_CONNECTION =
  /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|not queryable|connection is in closed state|Connection lost/i;

/** True for errors meaning "the server is down or unreachable" (or went away mid-request). */
export function isNetworkError(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined && NETWORK_CODES.has(code)) return true;
  // mysql2 marks errors after which the connection is unusable.
  if (error !== null && typeof error === 'object' && (error as { fatal?: unknown }).fatal === true)
    return true;
  const message = error instanceof Error ? error.message : '';
  return DEAD_CONNECTION.test(message);
}
