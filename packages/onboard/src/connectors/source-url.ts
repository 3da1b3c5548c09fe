import { type EnvKey, readEnv } from '../config/environment.ts';
import { redactUrlAsWritten, registerSecret } from '../config/redact-url.ts';
import { type ParsedUrlOptions, parseUrlOptions, type UrlOptionSpecs } from '../config/url-options.ts';
import { SourceConfigError } from './connector-error.ts';

/** Host, port, user, password and database from a server URL, with credentials from the environment. */
export interface ServerAddress<S extends UrlOptionSpecs> {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string | undefined;
  readonly database: string;
  /** The URL's query-string options, checked against their declarations. */
  readonly options: ParsedUrlOptions<S>;
}

/**
 * Parses `scheme://user:password@host:port/database?option=value`. A missing user or password is
 * taken from `ONBOARD_SOURCE_USER` / `ONBOARD_SOURCE_PASSWORD`, then from the technology's own
 * variables (`PGUSER`/`PGPASSWORD`, `MYSQL_USER`/`MYSQL_PWD`). Every option must be one of
 * `specs`, with a value it accepts (a `ConfigError` names it otherwise). The password is
 * registered with the redaction rule.
 */
export function parseServerUrl<S extends UrlOptionSpecs>(
  url: string,
  defaults: { port: number; user: string; env: { user: EnvKey; password: EnvKey }; specs: S; label: string },
): ServerAddress<S> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SourceConfigError(
      `the source URL is not a valid URL (expected ${url.split(':')[0]}://user@host:port/database)`,
    );
  }
  // The password first, so that it is registered before any message could show the URL.
  const password =
    (parsed.password !== '' ? decoded(parsed.password, 'password') : undefined) ??
    readEnv('sourcePassword') ??
    readEnv(defaults.env.password);
  registerSecret(password);
  const database = decoded(parsed.pathname.replace(/^\//, ''), 'database');
  if (database === '')
    throw new SourceConfigError(`the source URL ${redactSourceUrl(url)} names no database`);
  const user =
    decoded(parsed.username, 'user') || readEnv('sourceUser') || readEnv(defaults.env.user) || defaults.user;
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, '') || 'localhost',
    port: parsed.port === '' ? defaults.port : Number(parsed.port),
    user,
    password: password === '' ? undefined : password,
    database,
    options: parseUrlOptions(defaults.specs, parsed.searchParams, defaults.label),
  };
}

/** A part of a URL, percent-decoded; a `%` not followed by two hex digits is a config error. */
function decoded(text: string, part: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new SourceConfigError(
      `the source URL's ${part} has a "%" that is not followed by two hex digits: write a "%" as %25`,
    );
  }
}

/** The URL with its password replaced by `***`, safe to print. */
export function redactSourceUrl(url: string): string {
  return redactUrlAsWritten(url);
}

/** Removes a secret from a driver message, in case a driver ever echoes it. */
export function scrub(message: string, secret: string | undefined): string {
  return secret ? message.split(secret).join('***') : message;
}

/**
 * The filesystem path of `sqlite:/path`, `sqlite:///path`, `file:/path` or `file:///path` URLs
 * (`//localhost/path` too). Any other host is refused: `sqlite://tmp/x.sqlite` would otherwise
 * read `/x.sqlite`, and say that this file does not exist.
 */
export function pathOf(url: string): string {
  const scheme = /^[a-z]+:/i.exec(url)?.[0] ?? '';
  const rest = url.slice(scheme.length);
  const host = rest.startsWith('//') ? (/^\/\/([^/]*)/.exec(rest)?.[1] ?? '') : '';
  const path = rest.startsWith('//') ? rest.replace(/^\/\/[^/]*/, '') : rest;
  const clean = decoded(path.split('?')[0] ?? '', 'path');
  if (clean === '') throw new SourceConfigError(`the source URL ${redactSourceUrl(url)} names no path`);
  if (host !== '' && host.toLowerCase() !== 'localhost')
    throw new SourceConfigError(
      `the source URL ${redactSourceUrl(url)} names a host before its path, which a file cannot have: write ${scheme}/path (one slash) or ${scheme}///path (three)`,
    );
  return clean;
}

/** Query-string options of a path URL (`file:/data?format=csv&delimiter=;`). */
export function pathParams(url: string): URLSearchParams {
  const query = url.indexOf('?');
  return new URLSearchParams(query < 0 ? '' : url.slice(query + 1));
}
