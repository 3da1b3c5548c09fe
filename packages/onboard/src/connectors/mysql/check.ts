import mysql from 'mysql2';
import type { CheckResult } from '../connector.ts';
import { tlsFailure } from '../shared/tls-failure.ts';
import { scrub } from '../source-url.ts';
import { poolQuery } from './pool-query.ts';

/** Connects once and maps the failure, if any, to one specific, password-free reason. */
export async function checkMysql(config: mysql.ConnectionOptions): Promise<CheckResult> {
  const connection = mysql.createConnection({ ...config, connectTimeout: 5000 });
  connection.on('error', () => {});
  try {
    const { rows } = await poolQuery(connection as never, 'SELECT VERSION()');
    return { ok: true, serverVersion: String(rows[0]?.[0] ?? '') };
  } catch (error) {
    return classify(error, config);
  } finally {
    connection.destroy();
  }
}

function classify(error: unknown, config: mysql.ConnectionOptions): CheckResult {
  const code = (error as { code?: string }).code ?? '';
  const message = scrub(error instanceof Error ? error.message : String(error), config.password);
  const where = `${config.host}:${config.port}`;
  const tls = tlsFailure(error, `MySQL at ${where}`);
  if (tls !== undefined) return { ok: false, code: 'tls_failed', message: scrub(tls, config.password) };
  if (
    [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EHOSTUNREACH',
      'ETIMEDOUT',
      'EAI_AGAIN',
      'ECONNRESET',
      'PROTOCOL_CONNECTION_LOST',
    ].includes(code)
  ) {
    return { ok: false, code: 'unreachable', message: `MySQL is not reachable at ${where}: ${message}` };
  }
  if (code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_NOT_SUPPORTED_AUTH_MODE') {
    return { ok: false, code: 'auth_failed', message: `MySQL refused user "${config.user}": ${message}` };
  }
  if (code === 'ER_BAD_DB_ERROR') {
    return {
      ok: false,
      code: 'database_missing',
      message: `database "${config.database}" does not exist on ${where}`,
    };
  }
  if (code === 'ER_DBACCESS_DENIED_ERROR' || code === 'ER_TABLEACCESS_DENIED_ERROR') {
    return { ok: false, code: 'permission_denied', message };
  }
  return { ok: false, code: 'other', message: `MySQL at ${where}: ${message}` };
}
