import fc from 'fast-check';

/**
 * Connection URLs with hostile passwords (postgres, mysql/mariadb, redis, http(s)), placed in the
 * texts that carry them to a log or a message: alone, quoted in drivers' errors, several in one
 * message, inside JSON (once and twice encoded). Each text comes with its skeleton (the same text
 * with every password written as `***`) and what it holds, so that a test can tell, without the
 * code under test, what must be hidden (the password, in every form) and what must stay (hosts,
 * database names).
 */

/** How the password is written in the URL. */
export type PasswordSpelling = 'encoded' | 'url-setter' | 'raw';

/** One URL of a text. */
export interface HostileUrl {
  /** The password's value (what a driver sends), or undefined for a URL without one. */
  readonly password: string | undefined;
  /** The password as the URL writes it. */
  readonly written: string;
  readonly spelling: PasswordSpelling;
  /** The host as written (`db.example`, `[::1]`) and the database ('' for none). */
  readonly host: string;
  readonly database: string;
  /** The URL as written, and with its password written `***`. */
  readonly url: string;
  readonly masked: string;
}

/** A text holding URLs, and the same text with every password written `***`. */
export interface HostileText {
  readonly context: string;
  readonly text: string;
  readonly skeleton: string;
  readonly urls: readonly HostileUrl[];
}

const SPECIAL = [
  '@',
  ':',
  '/',
  '?',
  '#',
  '%',
  '+',
  ' ',
  '"',
  "'",
  '\\',
  ';',
  ',',
  '&',
  '=',
  '[',
  ']',
  '!',
  '~',
];
const NON_ASCII = ['é', 'ß', 'ü', '€', '漢', 'я', '🙂', 'ñ'];
const PERCENT = ['%41', '%40', '%2F', '%zz', '%', '%25'];

const passwordValue = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...SPECIAL) },
      {
        weight: 4,
        arbitrary: fc.string({ unit: fc.constantFrom(...'abcXYZ0123456789'), minLength: 1, maxLength: 3 }),
      },
      { weight: 1, arbitrary: fc.constantFrom(...NON_ASCII) },
      { weight: 1, arbitrary: fc.constantFrom(...PERCENT) },
    ),
    { minLength: 3, maxLength: 10 },
  )
  .map((parts) => parts.join(''))
  .filter((value) => value.length >= 6 && value.trim() === value);

const SCHEMES = {
  postgres: { schemes: ['postgres', 'postgresql'], port: ':5432', databases: ['vendor', 'app_db'] },
  mysql: { schemes: ['mysql', 'mariadb'], port: ':3306', databases: ['legacy_crm', 'shop'] },
  redis: { schemes: ['redis', 'rediss'], port: ':6379', databases: ['0', '3'] },
  http: { schemes: ['http', 'https'], port: ':8443', databases: ['api/v1', 'export'] },
} as const;

const HOSTS = ['db.example', '10.0.0.7', '[::1]', '[2001:db8::5]', 'pg-primary.internal', 'localhost'];
const QUERIES = ['', '', '?sslmode=require', '?application_name=onboard&connect_timeout=5'];

/** The password written in a URL as `new URL`'s setter writes it (its own userinfo escaping). */
function urlSetterSpelling(value: string): string {
  const url = new URL('postgres://u@h/d');
  url.password = value;
  return url.password;
}

const hostileUrl: fc.Arbitrary<HostileUrl> = fc
  .record({
    kind: fc.constantFrom(...(Object.keys(SCHEMES) as (keyof typeof SCHEMES)[])),
    schemeIndex: fc.nat(1),
    user: fc.constantFrom('reader', 'app_user', '', 'svc.etl-1', 'a%40corp'),
    password: fc.option(passwordValue, { freq: 6, nil: undefined }),
    spelling: fc.constantFrom<PasswordSpelling>('encoded', 'url-setter', 'raw'),
    host: fc.constantFrom(...HOSTS),
    withPort: fc.boolean(),
    databaseIndex: fc.nat(1),
    withDatabase: fc.nat(4).map((n) => n > 0),
    query: fc.constantFrom(...QUERIES),
  })
  .map((parts) => {
    const kind = SCHEMES[parts.kind];
    const scheme = kind.schemes[parts.schemeIndex] as string;
    const database = parts.withDatabase ? (kind.databases[parts.databaseIndex] as string) : '';
    const written =
      parts.password === undefined
        ? ''
        : parts.spelling === 'encoded'
          ? encodeURIComponent(parts.password)
          : parts.spelling === 'url-setter'
            ? urlSetterSpelling(parts.password)
            : parts.password;
    const rest = `${parts.host}${parts.withPort ? kind.port : ''}${database === '' ? '' : `/${database}`}${parts.query}`;
    const build = (pw: string) =>
      parts.password === undefined
        ? `${scheme}://${parts.user}@${rest}`
        : `${scheme}://${parts.user}:${pw}@${rest}`;
    return {
      password: parts.password,
      written,
      spelling: parts.spelling,
      host: parts.host,
      database,
      url: build(written),
      masked: build('***'),
    };
  });

/** Where a URL stands in a text: how drivers, our code and loggers quote it. */
const TEMPLATES: readonly ((u: string) => string)[] = [
  (u) => u,
  (u) => `could not connect to server at "${u}": Connection refused`,
  (u) => `Error: connect ECONNREFUSED 10.0.0.7:5432 (${u})`,
  (u) => `getaddrinfo ENOTFOUND db.example for '${u}', giving up`,
  (u) => `Access denied for user 'reader'@'10.0.0.7' (using password: YES) at ${u}`,
  (u) => `[ioredis] Unhandled error event: Error: connect ETIMEDOUT <${u}>`,
  (u) =>
    `TypeError: Invalid URL\n    at new URL (node:internal/url:816:29) {\n  code: 'ERR_INVALID_URL',\n  input: '${u}'\n}`,
  (u) => `the source URL ${u} names no database.`,
];

/** A text made of `urls`, written by `write` from each URL's text (the real one or the masked one). */
function textOf(
  context: string,
  urls: readonly HostileUrl[],
  write: (texts: string[]) => string,
): HostileText {
  return {
    context,
    text: write(urls.map((u) => u.url)),
    skeleton: write(urls.map((u) => u.masked)),
    urls,
  };
}

/** One URL in a text, several in one message, and either inside JSON (once or twice encoded). */
export const hostileText: fc.Arbitrary<HostileText> = fc.oneof(
  fc
    .tuple(hostileUrl, fc.nat(TEMPLATES.length - 1))
    .map(([url, t]) =>
      textOf(`template ${t}`, [url], ([u]) => (TEMPLATES[t] as (u: string) => string)(u as string)),
    ),
  fc
    .array(hostileUrl, { minLength: 2, maxLength: 3 })
    .map((urls) => textOf('several', urls, (us) => `tried ${us.join(', then ')}; all failed`)),
  fc
    .tuple(fc.array(hostileUrl, { minLength: 1, maxLength: 3 }), fc.nat(TEMPLATES.length - 1))
    .map(([urls, t]) =>
      textOf('json', urls, (us) =>
        JSON.stringify({
          sources: us,
          error: { message: (TEMPLATES[t] as (u: string) => string)(us[0] as string) },
        }),
      ),
    ),
  fc.tuple(hostileUrl, fc.nat(TEMPLATES.length - 1)).map(([url, t]) =>
    textOf('json twice', [url], ([u]) =>
      JSON.stringify({
        body: JSON.stringify({ detail: (TEMPLATES[t] as (u: string) => string)(u as string) }),
      }),
    ),
  ),
);

/**
 * The forms a password may take in a text: its value, as a URL writes it (`written`,
 * percent-encoded, as `new URL` escapes it), each JSON-escaped once and twice.
 */
export function passwordForms(password: string, written = password): string[] {
  const json = (text: string) => JSON.stringify(text).slice(1, -1);
  const forms = [password, written, encodeURIComponent(password), urlSetterSpelling(password)];
  return [...new Set(forms.flatMap((form) => [form, json(form), json(json(form))]))];
}

/**
 * What `shown` (the text after redaction) gives away: each form of a password, and each run of 5
 * characters of one (a password partly hidden), found in `shown` but not in the skeleton (the text
 * with the password written `***`); and each host or database name no longer in `shown`.
 * `pieces: false` looks for whole forms only (for a text holding more than the sample: a log
 * line's time, process id and stack).
 */
export function redactionProblems(sample: HostileText, shown: string, pieces = true): string[] {
  const problems: string[] = [];
  for (const url of sample.urls) {
    const forms = url.password === undefined ? [] : passwordForms(url.password, url.written);
    for (const form of forms) {
      const runs = [...form].map((_, i) => form.slice(i, i + 5)).filter((p) => p.length === 5);
      for (const piece of pieces ? [form, ...runs] : [form])
        if (shown.includes(piece) && !sample.skeleton.includes(piece)) {
          problems.push(`password ${JSON.stringify(url.password)} shows ${JSON.stringify(piece)}`);
          break;
        }
    }
    if (!shown.includes(url.host)) problems.push(`host ${url.host} hidden`);
    if (url.database !== '' && !shown.includes(`/${url.database}`))
      problems.push(`database ${url.database} hidden`);
  }
  return [...new Set(problems)];
}

/**
 * What may end a URL's authority in a text: `/`, `?`, `#`, white space, and, in a URL that stands
 * in quotes, a quote that closes (before white space or punctuation).
 */
const AUTHORITY_ENDS = [/[/?#\s]/, /[/?#\s]|['"][\s,;:.)\]}>]/];
/** A host (a name, an address, `[IPv6]`), its port, and punctuation a text may close it with. */
const HOST = /^(?:[\w.~%-]+|\[[\da-f:.]+\])(?::\d*)?[)\]}>,.;:!'"]*$/i;

/**
 * True when the text puts a password where no rule can tell where it ends, so that only a secret
 * the program knows (registered, configured) can hide it. All are raw (not percent-encoded)
 * passwords, which URLs do not allow: one holding white space (`u:pa ss@h` in a message reads as
 * `u:pa` and a word `ss@h`); one whose start reads as a port (`u:12/x@h` is host `u`, port 12, path
 * `/x@h`); one whose part up to what may end an authority holds `@` and then a host (`u:a@b/c@h` is
 * password `a`, host `b`); one holding `scheme://` (the start of another URL).
 */
export function needsKnownSecret(sample: HostileText): boolean {
  return sample.urls.some((u) => {
    const password = u.password;
    if (password === undefined || u.spelling !== 'raw') return false;
    const ambiguous = AUTHORITY_ENDS.some((ends) => {
      const end = password.search(ends);
      if (end < 0) return false;
      const head = password.slice(0, end);
      const at = head.lastIndexOf('@');
      return /^\d+$/.test(head) || (at >= 0 && HOST.test(head.slice(at + 1)));
    });
    return ambiguous || /\s/.test(password) || /[a-z0-9+.-]:\/\//i.test(password);
  });
}
