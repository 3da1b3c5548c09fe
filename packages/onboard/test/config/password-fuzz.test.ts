import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { describeError } from '../../src/cli/describe-error.ts';
import { redactUrl, stripSecrets } from '../../src/config/redact-url.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { kindOf } from '../../src/errors/kind-of.ts';

/**
 * Random passwords (URL-special characters, `%`, unicode, spaces) in source URLs written right and
 * wrong (no or an unknown scheme, bad port, no database, unknown, repeated or invalid options, the
 * password echoed in an option), in the URL or in ONBOARD_SOURCE_PASSWORD. Whatever the CLI prints
 * for the error, and the redacted and stripped forms of the URL, never hold the password, its
 * percent-encoded form or its JSON-quoted form. Passwords are 8+ characters: the redaction rule
 * leaves values under 4 alone by design (docs/running.md), and shorter ones occur in ordinary text.
 */

const RUNS = 200;

const special = fc.constantFrom(
  ':',
  '/',
  '?',
  '#',
  '@',
  '%',
  '&',
  '=',
  '+',
  ' ',
  '[',
  ']',
  '\\',
  '"',
  "'",
  ';',
  ',',
  '*',
  '$',
);
const password = fc
  .string({
    unit: fc.oneof(special, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })),
    minLength: 8,
    maxLength: 24,
  })
  .filter((text) => text.trim().length >= 8);

const url = fc.record({
  scheme: fc.constantFrom(
    'postgres://',
    'postgresql://',
    'MySQL://',
    'mariadb://',
    'sqlite://',
    'file://',
    '//',
    'oracle://',
    'constructor://',
    '1pg://',
  ),
  raw: fc.boolean(),
  user: fc.constantFrom('reader', 'u', ''),
  host: fc.constantFrom('db.example', '127.0.0.1', '[::1]', ''),
  port: fc.constantFrom('', ':5432', ':99999', ':abc'),
  path: fc.constantFrom('/vendor', '', '/100%', '/ven%20dor'),
  query: fc.constantFrom(
    '',
    '?pool=abc',
    '?sslmod=require',
    '?pool=2&pool=3',
    '?sslkey=PW',
    '?password=PW',
    '?pool=PW',
    '?format=PW',
  ),
  fromEnv: fc.boolean(),
});

/** What the CLI prints for the error of opening the source (or '' when it opens). */
function printed(source: string, debug: boolean): string {
  try {
    void openConnector({ url: source }).close();
    return '';
  } catch (error) {
    const text = describeError(error, debug);
    // Bad input is the user's: a config error, never a defect.
    expect({ kind: kindOf(error), text }).toEqual({ kind: 'config', text });
    return text;
  }
}

describe('a password in a source URL', () => {
  const saved = process.env['ONBOARD_SOURCE_PASSWORD'];
  afterEach(() => {
    if (saved === undefined) delete process.env['ONBOARD_SOURCE_PASSWORD'];
    else process.env['ONBOARD_SOURCE_PASSWORD'] = saved;
  });

  it(
    'is never in an error message, a redacted or a stripped URL',
    () => {
      fc.assert(
        fc.property(password, url, (secret, parts) => {
          const encoded = encodeURIComponent(secret);
          const forms = [secret, encoded, JSON.stringify(secret).slice(1, -1)];
          const build = (pw: string, raw: boolean) =>
            `${parts.scheme}${parts.fromEnv ? `${parts.user}@` : `${parts.user}:${raw ? pw : encodeURIComponent(pw)}@`}${parts.host}${parts.port}${parts.path}${parts.query.replace('PW', encodeURIComponent(pw))}`;
          const source = build(secret, parts.raw);
          // A password that is ordinary text of these messages ("structor") cannot be told apart.
          const ordinary = showAll(build('placeholder-pw-0', false), 'placeholder-pw-0', parts.fromEnv);
          fc.pre(!ordinary.some((text) => forms.some((form) => text.includes(form))));
          // A raw password that makes another URL (`a/b` ends the host) is not that URL's password.
          let parsed: URL | undefined;
          try {
            parsed = new URL(source);
          } catch {}
          fc.pre(
            !parts.raw || parts.fromEnv || parsed === undefined || safeDecode(parsed.password) === secret,
          );
          const shown = showAll(source, secret, parts.fromEnv);
          // A password copied into an ordinary option (`pool=<password>`) is hidden by the registered
          // secret, which only a parsed URL gives; stripping keeps such options as written (the URL
          // is stored to be used again). So there only the messages are held to the rule.
          const echoed = /[?&](pool|format)=PW/.test(parts.query);
          if (echoed) shown.splice(2);
          // sqlite: and file: take no password (from the URL or ONBOARD_SOURCE_PASSWORD), so a copy
          // of one in their options is no secret of theirs.
          if (echoed && !/^(postgres|postgresql|mysql|mariadb):/i.test(parts.scheme)) return;
          for (const text of shown)
            for (const form of forms)
              expect({ text, leaks: text.includes(form) }).toEqual({ text, leaks: false });
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});

/** The CLI's error (short and with --debug), the redacted and the stripped URL. */
function showAll(source: string, secret: string, fromEnv: boolean): string[] {
  if (fromEnv) process.env['ONBOARD_SOURCE_PASSWORD'] = secret;
  else delete process.env['ONBOARD_SOURCE_PASSWORD'];
  return [printed(source, false), printed(source, true), redactUrl(source), stripSecrets(source)];
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
