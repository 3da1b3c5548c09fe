import { describe, expect, it } from 'vitest';
import { redact, redactUrl, registerSecret, stripSecrets } from '../../src/config/redact-url.ts';
import { printedRefusal } from './refused-source-url.ts';

describe('a source URL with a password, written wrong', () => {
  it('without a scheme: says so, and shows nothing of the URL (it showed its first 12 characters)', () => {
    for (const url of ['//u:hunter22@db/v', '1pg://u:hunter22@db/v', '__proto__://u:hunter22@db/v']) {
      expect(printedRefusal(url)).toBe(
        'onboard: the source URL does not start with a scheme; use postgres://, mysql://, sqlite:/path or file:/path',
      );
      expect(redactUrl(url)).not.toContain('hunter22');
      expect(stripSecrets(url)).not.toContain('hunter22');
    }
  });

  it('with the scheme constructor: an unsupported scheme, not a TypeError', () => {
    expect(printedRefusal('constructor://u:hunter22@db/v')).toMatch(
      /^onboard: unsupported source URL scheme "constructor";/,
    );
  });

  it('with a "%" not followed by two hex digits: a config error, not a URIError', () => {
    expect(printedRefusal('postgres://u:50%off22@db/v')).toBe(
      `onboard: the source URL's password has a "%" that is not followed by two hex digits: write a "%" as %25`,
    );
    expect(printedRefusal('mysql://u%zz:pw@db/v')).toMatch(/the source URL's user has a "%"/);
    expect(printedRefusal('postgres://u@db/100%')).toMatch(/the source URL's database has a "%"/);
    expect(printedRefusal('file:/data/100%.csv')).toMatch(/the source URL's path has a "%"/);
  });

  it('hides a password holding /, ? or # whole when the URL does not parse', () => {
    for (const password of ['pa/ss1234', 'pa?ss1234', 'pa#ss1234'])
      for (const url of [`postgres://u:${password}@db/v`, `mysql://u:${password}@db:99999/v`]) {
        expect(redactUrl(url)).not.toContain('ss');
        expect(stripSecrets(url)).not.toContain('ss');
      }
    expect(redactUrl('postgres://u:pa/ss1234@db/v')).toBe('postgres://u:***@db/v');
    expect(stripSecrets('postgres://u:pa/ss1234@db/v')).toBe('postgres://u@db/v');
  });

  it('strips and masks the secret parameters of a URL that does not parse (seeds 898887146, 698856843)', () => {
    const bad = 'postgres://reader:pw@db.example:abc/vendor';
    expect(stripSecrets(`${bad}?password=%21%20secret&pool=2`)).toBe(`${bad.replace(':pw', '')}?pool=2`);
    expect(stripSecrets(`${bad}?pool=2&sslkey=x`)).toBe(`${bad.replace(':pw', '')}?pool=2`);
    // A value holding a quote was masked only up to the quote.
    expect(redactUrl(`${bad}?sslkey='%3Asecret`)).toBe(
      'postgres://reader:***@db.example:abc/vendor?sslkey=***',
    );
  });

  it('hides a registered password percent-encoded and JSON-escaped too (seed 552798189)', () => {
    const password = 'p"ss w:rd!9';
    registerSecret(password);
    expect(redact(`?pool=${encodeURIComponent(password)} pool=${JSON.stringify(password)}`)).toBe(
      '?pool=*** pool="***"',
    );
  });

  it('hides a password holding a space where a message quotes the URL (found by a MADEUP_FUZZ_RUNS=3000 run)', () => {
    expect(printedRefusal('sqlite://reader::: ::::!@db.example?pool=2&pool=3')).toBe(
      'onboard: the source URL sqlite://reader:***@db.example?pool=2&pool=3 names no path',
    );
    expect(printedRefusal('postgres://u:pa ss word@db')).toBe(
      'onboard: the source URL postgres://u:***@db names no database',
    );
  });

  it('registers the password before it can name the URL in a message', () => {
    const message = printedRefusal('postgres://u:p@ss-before-db@db');
    expect(message).toBe('onboard: the source URL postgres://u:***@db names no database');
  });
});
