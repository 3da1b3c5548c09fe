/**
 * The one reading of where the password of a URL (`scheme://user:password@host`) lies in a text,
 * which onboard's redaction and core's log scrub both use.
 *
 * In a text (a message, a log line), a URL starts at `scheme://` (or a bare `//`) and its
 * authority runs to the first `/`, `?`, `#` or white space, or to the quote the URL stands in
 * where that quote closes (before white space or punctuation); a backslash escape (`\"`, as JSON
 * writes a quote) belongs to it. The user information is the authority up to its last `@`, and the
 * password what follows its first `:`, as URL parsers read them: a password holding `@`, `:`,
 * quotes, a backslash, `%` or any other character, percent-encoded or not, is hidden whole.
 *
 * A password holding `/`, `?` or `#` unencoded ends the authority for a parser. When that leaves
 * `user:` and no port (`u:pa/ss@h`: no `@` in the authority, and no digits after the `:`) or an
 * `@` and no host (`u:pa@/ss@h`, `u:@',a#b@h`), the password runs on to the last `@` before white
 * space or the next URL, so it is hidden whole too. Where a reading would need to guess (an unencoded space, or
 * `u:12/x@h`, which parsers read as port 12), only a secret the program knows hides it.
 *
 * A whole URL (a value given as one, `whole`) is read from the `:` after the user to its last `@`,
 * white space and quotes included.
 */

/** Where a URL starts: `scheme://` or a bare `//`. */
const URL_START = /(?:\b[a-z][a-z0-9+.-]*:)?\/\//gi;
/** The start of the next URL with a scheme, which ends a password read past its authority. */
const NEXT_URL = /[a-z][a-z0-9+.-]*:\/\//i;
/** A host (a name, an address, `[IPv6]`), its port, and punctuation a text may close it with. */
const HOST = /^(?:[\w.~%-]+|\[[\da-f:.]+\])(?::\d*)?[)\]}>,.;:!'"]*$/i;
/** What follows a closing quote: white space, punctuation or the end. */
const CLOSES = /^$|[\s,;:.)\]}>]/;

/** `[start, end)` of a password in a text: between the `:` after the user and the `@`. */
interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * The quote a URL stands in, from what precedes it (`"`, `'`, or a quote escaped once or more as
 * JSON writes it: `\\"`), or '' when it stands in none.
 */
function openingQuote(text: string, urlStart: number): string {
  return /(?:\\*["'])?$/.exec(text.slice(Math.max(0, urlStart - 8), urlStart))?.[0] ?? '';
}

/**
 * Where the authority that starts at `from` ends, in a text: at `/`, `?`, `#`, white space, or the
 * quote the URL was opened with (`quote`) where it closes (before white space or punctuation).
 */
function authorityEnd(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '/' || c === '?' || c === '#' || /\s/.test(c)) return i;
    if (quote !== '' && text.startsWith(quote, i) && CLOSES.test(text.charAt(i + quote.length))) return i;
    if (c === '\\') i++;
  }
  return text.length;
}

/**
 * A password read past its authority, from the `:` after the user to the last `@` before white
 * space or the next URL (none without an `@` there).
 */
function pastAuthority(text: string, colon: number): Span | undefined {
  const rest = text.slice(colon + 1);
  const space = rest.search(/\s/);
  const next = NEXT_URL.exec(rest)?.index ?? rest.length;
  const at = text.lastIndexOf('@', colon + Math.min(space < 0 ? rest.length : space, next));
  return at > colon ? { start: colon + 1, end: at } : undefined;
}

/**
 * The password of one whole URL (a value given as a URL): from the `:` after the user to the
 * last `@`, white space and quotes included, as a URL parsers refuse is meant.
 */
function wholeUrlPassword(url: string, from: number): Span | undefined {
  const user = /^[^:/?#@]*:/.exec(url.slice(from));
  const at = url.lastIndexOf('@');
  if (user === null || at < from + user[0].length) return undefined;
  return { start: from + user[0].length, end: at };
}

/** The passwords of every URL in `text`, in order. */
function passwordSpans(text: string, whole: boolean): Span[] {
  const spans: Span[] = [];
  const starts = new RegExp(URL_START.source, URL_START.flags);
  for (let match = starts.exec(text); match !== null; match = starts.exec(text)) {
    const from = match.index + match[0].length;
    if (whole) {
      const span = wholeUrlPassword(text, from);
      return span === undefined || span.end === span.start ? [] : [span];
    }
    const end = authorityEnd(text, from, openingQuote(text, match.index));
    const authority = text.slice(from, end);
    const at = authority.lastIndexOf('@');
    const colon = authority.indexOf(':');
    if (colon < 0 || (at >= 0 && colon > at)) continue;
    // No `@`: a host and port (`h:5432`, `[::1]:5432`), or `user:pa/ss@host`.
    if (at < 0 && (authority.slice(0, colon).includes('[') || /^\d+$/.test(authority.slice(colon + 1))))
      continue;
    // No `@`, or one that leaves no host (`u:pa@/ss@host`, `u:@',a#b@host`): the password goes on
    // past the authority.
    const span =
      at < 0 || !HOST.test(authority.slice(at + 1))
        ? pastAuthority(text, from + colon)
        : { start: from + colon + 1, end: from + at };
    if (span === undefined) continue;
    if (span.end > span.start) spans.push(span);
    starts.lastIndex = Math.max(starts.lastIndex, span.end);
  }
  return spans;
}

/** `text` with each password span written `mask` (`:` and `@` kept). */
function maskSpans(text: string, spans: readonly Span[], mask: string): string {
  let out = '';
  let last = 0;
  for (const span of spans) {
    out += text.slice(last, span.start) + mask;
    last = span.end;
  }
  return out + text.slice(last);
}

/**
 * `text` with the password of every URL in it written `***` (`postgres://u:***@host/db`). `whole`:
 * `text` is one URL as given (a flag's or a variable's value), where white space and quotes are
 * part of the password.
 */
export function hideUrlPasswords(text: string, whole = false): string {
  return maskSpans(text, passwordSpans(text, whole), '***');
}

/** One URL without its password, `:` included (`postgres://u@host/db`), to be stored and used again. */
export function dropUrlPassword(url: string): string {
  const [span] = passwordSpans(url, true);
  return span === undefined ? url : url.slice(0, span.start - 1) + url.slice(span.end);
}

/** The password of one URL as written (percent-encoded or not), or undefined when it has none. */
export function urlPassword(url: string): string | undefined {
  const [span] = passwordSpans(url, true);
  return span === undefined ? undefined : url.slice(span.start, span.end);
}
