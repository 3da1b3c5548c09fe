/**
 * Query parameter names whose values are secrets, written from the docs (docs/running.md,
 * Secrets; docs/core.md, Logs) and the drivers' URL options, not from the redaction code: every
 * one must be hidden by onboard's redaction and core's log scrub, whatever its case and however
 * its name is percent-encoded (drivers decode names before reading them).
 */
export const SECRET_PARAMETER_NAMES: readonly string[] = [
  'password',
  'pass',
  'passwd',
  'pwd',
  'sslpassword',
  'sslkey',
  'token',
  'secret',
  'access_token',
  'api_key',
  'apikey',
  'client_secret',
  'auth_token',
];

/** A name as a URL may spell it: as is, upper case, its first or every character percent-encoded. */
export function secretNameSpellings(name: string): string[] {
  const encode = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  return [name, name.toUpperCase(), encode(name.charAt(0)) + name.slice(1), [...name].map(encode).join('')];
}
