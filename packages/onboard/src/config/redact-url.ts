import { replaceSecretParameters, secretForms } from '@madeup/contract';

/**
 * The one redaction rule for secrets, used by every message, log line and stored URL:
 *
 * - the password of any URL (`scheme://user:password@host`) becomes `***`;
 * - the value of any query parameter whose name holds a secret (the contract's one list,
 *   `SECRET_NAME_PARTS`: `pass`, `pwd`, `token`, `secret`, `key`; e.g. `?sslkey=`,
 *   `?access_token=`, `?%70assword=`) becomes `***`, in every path below;
 * - a bearer token (`Bearer …`) and a core API token (tenant `mut_…`, admin `mua_…`) become `***`;
 * - every value registered with `registerSecret` (the token and passwords onboard was given,
 *   from flags or the environment) becomes `***` wherever it appears, percent-encoded or
 *   JSON-escaped too.
 */
const registered = new Set<string>();

/** Registers a secret value (a token, a password) so that every redacted text hides it. */
export function registerSecret(value: string | undefined): void {
  // Very short values would blank out ordinary words; passwords that short are not secret anyway.
  if (value === undefined || value.length < 4) return;
  // Also as a URL and a message quote it: percent-encoded, and JSON-escaped (`pool="a\"b"`).
  for (const form of secretForms(value)) registered.add(form);
}

/** Masks the value of every secret query parameter of `text`. */
const maskParameters = (text: string, inText: boolean) =>
  replaceSecretParameters(text, (separator, name) => `${separator}${name}=***`, inText);

/** `text` with every secret the rule knows replaced by `***`. */
export function redact(text: string): string {
  let out = text.replace(/((?:\b[a-z][a-z0-9+.-]*:)?\/\/[^\s:/@?#]*:)[^\s/]*@/gi, '$1***@');
  out = maskParameters(out, true)
    .replace(/\b(Bearer\s+)[^\s'"]+/gi, '$1***')
    .replace(/\bmu[at]_[A-Za-z0-9_-]+/g, '***');
  for (const secret of registered) out = out.split(secret).join('***');
  return out;
}

/**
 * The password of a URL `new URL` refuses: from the `:` after the user to the last `@`, so that
 * a password holding `/`, `?`, `#` or `@` is hidden whole.
 */
const UNPARSED_PASSWORD = /^((?:[^\s/]*:)?\/\/[^:/@]*):.*@/s;

/** A URL with its password and secret-looking query parameters masked, safe to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    // On the query as written: through `searchParams` a `;` would come back as `%3B`, hiding a
    // `;password=` from the rule.
    parsed.search = maskParameters(parsed.search, false);
    return redact(parsed.toString().replace(/\/$/, ''));
  } catch {
    return redactUrlAsWritten(url);
  }
}

/**
 * A URL as the user wrote it (not normalised, parsed or not), its password masked up to the last
 * `@` (a space or `/` in it included) and its secret parameters masked: for messages quoting it.
 */
export function redactUrlAsWritten(url: string): string {
  return redact(maskParameters(url.replace(UNPARSED_PASSWORD, '$1:***@'), false));
}

/** `url` (or its query) without its secret query parameters: no `?&` or bare `?` left behind. */
function dropParameters(url: string): string {
  return replaceSecretParameters(url, (separator) => (separator === '?' ? '?' : ''))
    .replace(/\?[&;]+/, '?')
    .replace(/\?(?=#|$)/, '');
}

/**
 * A URL with its password and secret-looking query parameters removed (not masked), so it can be
 * stored and used again: the process that uses it adds the secret from its own configuration.
 */
export function stripSecrets(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.search = dropParameters(parsed.search);
    return parsed.toString();
  } catch {
    return dropParameters(url.replace(UNPARSED_PASSWORD, '$1@'));
  }
}
