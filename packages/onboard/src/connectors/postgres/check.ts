import pg from 'pg';
import type { CheckResult } from '../connector.ts';
import { tlsFailure } from '../shared/tls-failure.ts';
import { scrub } from '../source-url.ts';

/** Connects once and maps the failure, if any, to one specific, password-free reason. */
export async function checkPostgres(config: pg.ClientConfig): Promise<CheckResult> {
  const client = new pg.Client({ ...config, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const result = await client.query<{ version: string; denied: string; readable: string }>(
      `SELECT current_setting('server_version') AS version,
              count(*) FILTER (WHERE NOT has_table_privilege(c.oid, 'SELECT')) AS denied,
              count(*) FILTER (WHERE has_table_privilege(c.oid, 'SELECT')) AS readable
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r','v','m','p') AND n.nspname NOT IN ('pg_catalog','information_schema')
          AND n.nspname NOT LIKE 'pg_toast%'`,
    );
    const row = result.rows[0];
    if (row && Number(row.denied) > 0 && Number(row.readable) === 0) {
      return {
        ok: false,
        code: 'permission_denied',
        message: `user "${config.user}" may not SELECT from any of the ${row.denied} table(s) of database "${config.database}"`,
      };
    }
    return { ok: true, ...(row ? { serverVersion: `PostgreSQL ${row.version}` } : {}) };
  } catch (error) {
    return classify(error, config);
  } finally {
    await client.end().catch(() => {});
  }
}

function classify(error: unknown, config: pg.ClientConfig): CheckResult {
  const code = (error as { code?: string }).code ?? '';
  const message = scrub(
    error instanceof Error ? error.message : String(error),
    String(config.password ?? ''),
  );
  const where = `${config.host}:${config.port}`;
  const tls = tlsFailure(error, `PostgreSQL at ${where}`);
  if (tls !== undefined)
    return { ok: false, code: 'tls_failed', message: scrub(tls, String(config.password ?? '')) };
  if (
    ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET'].includes(code) ||
    /timeout/i.test(message)
  ) {
    return { ok: false, code: 'unreachable', message: `PostgreSQL is not reachable at ${where}: ${message}` };
  }
  if (code === '28P01' || code === '28000') {
    return {
      ok: false,
      code: 'auth_failed',
      message: `PostgreSQL refused user "${config.user}": ${message}`,
    };
  }
  if (code === '3D000') {
    return {
      ok: false,
      code: 'database_missing',
      message: `database "${config.database}" does not exist on ${where}`,
    };
  }
  if (code === '42501') return { ok: false, code: 'permission_denied', message };
  return { ok: false, code: 'other', message: `PostgreSQL at ${where}: ${message}` };
}
