import { describe, expect, it } from 'vitest';
import { redact, redactUrl, registerSecret, stripSecrets } from '../../src/config/redact-url.ts';

describe('URL passwords onboard showed', () => {
  it('a registered password holding @ and a space, quoted in a message: hidden whole', () => {
    registerSecret('p@ss w0rd!');
    // The URL rule ran first and hid `p`, leaving `ss w0rd!` for the registered secret not to find.
    expect(redact('cannot reach postgres://reader:p@ss w0rd!@db.example/vendor')).toBe(
      'cannot reach postgres://reader:***@db.example/vendor',
    );
  });

  it('a password the URL parser reads as a path: not printed or stored', () => {
    // `\` ends an http authority (host `reader`, path `/aa…`); `12` reads as a port.
    for (const url of [
      'http://reader:\\aa%41xyz@db.example/v1',
      'postgres://reader:12/xyzzy@db.example/vendor',
    ]) {
      expect(redactUrl(url)).not.toMatch(/xyz/);
      expect(stripSecrets(url)).not.toMatch(/xyz/);
    }
    expect(redactUrl('postgres://reader:12/xyzzy@db.example/vendor')).toBe(
      'postgres://reader:***@db.example/vendor',
    );
  });

  it('a password holding an unencoded /, in a message: hidden', () => {
    expect(redact('tried postgres://reader:aa~/aa@db.example, then gave up')).toBe(
      'tried postgres://reader:***@db.example, then gave up',
    );
  });
});
