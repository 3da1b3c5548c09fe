import {
  dropUrlPassword,
  hideUrlPasswords,
  replaceSecretParameters,
  secretForms,
  urlPassword,
} from '@madeup/contract';

/**
 * The one redaction rule for secrets, used by every message, log line and stored URL:
 *
 * - the password of any URL (`scheme://user:password@host`) becomes `***` (where the contract's
 *   `hideUrlPasswords`, which core's log scrub uses too, reads it);
 * - the value of any query parameter whose name holds a secret (the contract's one list,
 *   `SECRET_NAME_PARTS`: `pass`, `pwd`, `token`, `secret`, `key`; e.g. `?sslkey=`,
 *   `?access_token=`, `?%70assword=`) becomes `***`, in every path below;
 * - a bearer token (`Bearer …`) and a core API token (tenant `mut_…`, admin `mua_…`) become `***`;
 * - every value registered with `registerSecret` (the token and passwords onboard was given,
 *   from flags or the environment) becomes `***` wherever it appears, percent-encoded or
 *   JSON-escaped (once or twice) too.
 */
const registered = new Set<string>();
/** The registered forms, longest first: a value is never half replaced by a shorter one inside it. */
let longestFirst: string[] = [];

/** Registers a secret value (a token, a password) so that every redacted text hides it. */
export function registerSecret(value: string | undefined): void {
  // Very short values would blank out ordinary words; passwords that short are not secret anyway.
  if (value === undefined || value.length < 4) return;
  // Also as a URL and a message quote it: percent-encoded, and JSON-escaped (`pool="a\"b"`).
  for (const form of secretForms(value)) registered.add(form);
  longestFirst = [...registered].sort((a, b) => b.length - a.length);
}

/** Masks the value of every secret query parameter of `text`. */
const maskParameters = (text: string, inText: boolean) =>
  replaceSecretParameters(text, (separator, name) => `${separator}${name}=***`, inText);

/** `text` with every secret the rule knows replaced by `***`. */
export function redact(text: string): string {
  // Registered secrets first: a URL rule applied before would cut one holding `@` and a space
  // in two, leaving its tail for no rule to find.
  let out = text;
  for (const secret of longestFirst) out = out.split(secret).join('***');
  return maskParameters(hideUrlPasswords(out), true)
    .replace(/\b(Bearer\s+)[^\s'"]+/gi, '$1***')
    .replace(/\bmu[at]_[A-Za-z0-9_-]+/g, '***');
}

/**
 * `url` parsed, when the parser finds the password written there: one holding `\` in an `http:`
 * URL (`http://u:a\b@h`, read as host `u` and path `/b@h`) or starting like a port
 * (`postgres://u:12/x@h`, host `u`, port 12) is a path to the parser, and would be printed or
 * stored as one. Throws then, as for a URL the parser refuses.
 */
function parsedKeepingPassword(url: string): URL {
  const parsed = new URL(url);
  if (parsed.password === '' && urlPassword(url) !== undefined)
    throw new Error('the parser reads the password as another part');
  return parsed;
}

/** A URL with its password and secret-looking query parameters masked, safe to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = parsedKeepingPassword(url);
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
  return redact(maskParameters(hideUrlPasswords(url, true), false));
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
    const parsed = parsedKeepingPassword(url);
    parsed.password = '';
    parsed.search = dropParameters(parsed.search);
    return parsed.toString();
  } catch {
    return dropParameters(dropUrlPassword(url));
  }
}
