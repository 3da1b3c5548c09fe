import { isAbsolute, resolve } from 'node:path';

/** Where to generate: parsed from `sqlite:/path`, `postgres://…/db` or `mysql://…/db`. */
export type Target =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'mysql'; readonly url: string };

/** A target URL that cannot be used; the message never contains a password. */
export class InvalidTargetError extends Error {
  override readonly name = 'InvalidTargetError';
}

/** Parses a target URL. A relative SQLite path is resolved against `cwd`. */
export function parseTarget(url: string, cwd = process.cwd()): Target {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '')
      throw new InvalidTargetError('sqlite target needs a file path: sqlite:/path/to/file.sqlite');
    return { kind: 'sqlite', path: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidTargetError(
      'target is not a URL: expected sqlite:/path, postgres://user@host:port/db or mysql://user@host:port/db',
    );
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  const database = parsed.pathname.replace(/^\//, '');
  const kind =
    scheme === 'postgres' || scheme === 'postgresql'
      ? 'postgres'
      : scheme === 'mysql' || scheme === 'mariadb'
        ? 'mysql'
        : null;
  if (kind === null) {
    throw new InvalidTargetError(
      `unsupported target scheme "${scheme}": use sqlite:, postgres:// or mysql://`,
    );
  }
  if (database === '') {
    throw new InvalidTargetError(`${kind} target must name a database: ${kind}://user@host:port/DATABASE`);
  }
  return kind === 'postgres' ? { kind, url } : { kind, url: url.replace(/^mariadb:/, 'mysql:') };
}
