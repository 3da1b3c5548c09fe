import { readFile } from 'node:fs/promises';
import type { SchemaDocument } from '@madeup/contract';
import { request } from 'undici';
import { redactUrl } from '../config/redact-url.ts';
import { ConfigError, OnboardError } from '../errors/onboard-error.ts';
import { checkedCoreUrl } from './core-url.ts';

/** `GET /v1/schema` of core; the token, when given, is sent as a bearer token and never printed. */
export async function fetchCoreSchema(coreUrl: string, token: string | undefined): Promise<SchemaDocument> {
  const base = checkedCoreUrl(coreUrl);
  const url = new URL('v1/schema', base.endsWith('/') ? base : `${base}/`);
  const where = redactUrl(url.toString());
  try {
    const response = await request(url, {
      headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    if (response.statusCode !== 200) {
      const detail = problemDetail(await response.body.text().catch(() => ''));
      const busy = response.statusCode === 429 || response.statusCode >= 500;
      const hint =
        response.statusCode === 404
          ? '; is --core the base URL of madeup-core serve (like http://127.0.0.1:8080, without /v1)?'
          : '';
      throw new OnboardError(
        busy ? 'transient' : 'core-rejected',
        `core answered ${response.statusCode} to GET ${where}${detail ? `: ${detail}` : ''}${hint}`,
      );
    }
    const schema = (await response.body.json()) as SchemaDocument;
    if (!Array.isArray(schema?.entities))
      throw new ConfigError(`GET ${where} did not return a schema document; is --core the URL of core?`);
    return schema;
  } catch (error) {
    if (error instanceof OnboardError) throw error;
    const code = (error as { code?: string }).code;
    throw new OnboardError(
      'transient',
      `cannot reach core at ${where}: ${code ?? (error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

export async function readSchemaFile(file: string): Promise<SchemaDocument> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SchemaDocument;
  } catch (error) {
    throw new ConfigError(`cannot read the schema file ${file}: ${(error as Error).message}`);
  }
}

/** The `detail` (or `title`) of an RFC 9457 problem body, cut short; nothing for other bodies. */
function problemDetail(body: string): string | undefined {
  try {
    const problem = JSON.parse(body) as { detail?: unknown; title?: unknown };
    const text = typeof problem.detail === 'string' ? problem.detail : problem.title;
    return typeof text === 'string' ? text.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}
