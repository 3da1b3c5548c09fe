/**
 * The one list of what marks a query parameter (or option) name as holding a secret: a name that
 * contains one of these, ignoring case, once percent-decoded (`password`, `sslpassword`,
 * `passwd`, `pwd`, `access_token`, `client_secret`, `sslkey`, `api_key`...). onboard's redaction
 * rule and core's log scrub both read it.
 */
export const SECRET_NAME_PARTS: readonly string[] = ['pass', 'pwd', 'token', 'secret', 'key'];

/** True for a query parameter or option name that holds a secret (see `SECRET_NAME_PARTS`). */
export function isSecretName(name: string): boolean {
  let plain = name;
  try {
    plain = decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    // A `%` without two hex digits: drivers refuse such a name; it is matched as written.
  }
  const lower = `${name}\u0000${plain}`.toLowerCase();
  return SECRET_NAME_PARTS.some((part) => lower.includes(part));
}

/** A `name=value` parameter after `?`, `&` or `;`: its value ends at `&`, `#` or white space. */
const PARAMETER = /([?&;])([^=&;#?\s'"]+)=([^&#\s]*)/g;
/**
 * The same inside free text (messages quote URLs): a quote ends a value only where a closing quote
 * would stand, before white space, punctuation or the end (`"...?password=x", then`), so a password
 * holding a quote (`?password=ab"cd`) is hidden whole; a backslash escape (`\"` as JSON writes a
 * quote) belongs to the value.
 */
const PARAMETER_IN_TEXT = /([?&;])([^=&;#?\s'"]+)=((?:[^&#\s'"\\]|\\.|['"](?![\s,;:.)\]}>]|$))*)/g;

/**
 * `text` with every secret query parameter (after `?`, `&` or `;`, its name as `isSecretName`
 * reads it) replaced by what `replace` gives for its separator and name: `?a=1;password=x` is one
 * parameter to `new URL`, so the value of a parameter that is not secret is searched too.
 * `inText`: `text` is a message or a log line, where a quote ends a value.
 */
export function replaceSecretParameters(
  text: string,
  replace: (separator: string, name: string) => string,
  inText = false,
): string {
  return text.replace(
    inText ? PARAMETER_IN_TEXT : PARAMETER,
    (_whole, separator: string, name: string, value: string) =>
      isSecretName(name)
        ? replace(separator, name)
        : `${separator}${name}=${replaceSecretParameters(value, replace, inText)}`,
  );
}

/**
 * The forms a secret value takes in messages and log lines: as written, percent-encoded (in a URL)
 * and JSON-escaped, once (in a quoted or serialised string: `a"b` as `a\"b`) or twice (in a JSON
 * text quoted in a JSON string: `a\\\"b`).
 */
export function secretForms(value: string): string[] {
  const escaped = JSON.stringify(value).slice(1, -1);
  return [...new Set([value, encodeURIComponent(value), escaped, JSON.stringify(escaped).slice(1, -1)])];
}
