import { describe, expect, it } from 'vitest';
import { secretForms } from '../src/secret-parameters.ts';
import { dropUrlPassword, hideUrlPasswords, urlPassword } from '../src/url-passwords.ts';

describe('hideUrlPasswords', () => {
  it('hides a password holding an unencoded / in a message (onboard showed it, core hid it)', () => {
    expect(hideUrlPasswords('cannot reach postgres://reader:aa~/aa@db.example/vendor: refused')).toBe(
      'cannot reach postgres://reader:***@db.example/vendor: refused',
    );
    expect(hideUrlPasswords('{"sources":["postgres://reader:+aaa/@@db.example"]}')).toBe(
      '{"sources":["postgres://reader:***@db.example"]}',
    );
  });

  it('goes on past an @ that leaves no host: u:Ab@/Secr3tX@db is one password', () => {
    expect(hideUrlPasswords('at postgres://u:Ab@/Secr3tX@db/t.')).toBe('at postgres://u:***@db/t.');
  });

  it('goes on past an @ followed by what is no host (found by a MADEUP_FUZZ_RUNS=5000 run)', () => {
    expect(hideUrlPasswords('tried postgres://reader:@";/a@@db.example, then gave up')).toBe(
      'tried postgres://reader:***@db.example, then gave up',
    );
    expect(hideUrlPasswords(`{"sources":["postgres://reader:@',a#a@db.example"]}`)).toBe(
      '{"sources":["postgres://reader:***@db.example"]}',
    );
  });

  it('keeps the hosts and databases of the other URLs of a JSON text (core hid them)', () => {
    const text = '{"a":"postgres://reader:aa%40x@db.example","b":"postgres://reader@[2001:db8::5]/vendor"}';
    expect(hideUrlPasswords(text)).toBe(
      '{"a":"postgres://reader:***@db.example","b":"postgres://reader@[2001:db8::5]/vendor"}',
    );
    expect(hideUrlPasswords('{"a":"postgres://u:pw@h1","b":"x@y"}')).toBe(
      '{"a":"postgres://u:***@h1","b":"x@y"}',
    );
  });

  it("ends a password at the quote the URL stands in, not at another one (`new URL` leaves ',' in a password)", () => {
    expect(hideUrlPasswords(`["postgres://reader:1',a%41@db.example", "x"]`)).toBe(
      `["postgres://reader:***@db.example", "x"]`,
    );
    expect(hideUrlPasswords(`{\\"url\\":\\"postgres://reader:a\\\\\\",b@db\\", \\"x\\":1}`)).toBe(
      `{\\"url\\":\\"postgres://reader:***@db\\", \\"x\\":1}`,
    );
  });

  it('reads an empty port as the start of a password (u:/xyz@h)', () => {
    expect(hideUrlPasswords('at postgres://reader:/xyzzy@db.example/v')).toBe(
      'at postgres://reader:***@db.example/v',
    );
  });

  it('leaves ports, IPv6 hosts and URLs without a password alone', () => {
    for (const text of [
      'http://localhost:8080/users/a@b.example',
      'postgres://[::1]:5432/vendor?application_name=x',
      'redis://cache.internal:6379/0 and mysql://root@db/shop',
      'see http://example.com: it is down',
    ])
      expect(hideUrlPasswords(text)).toBe(text);
  });

  it('reads a whole URL to its last @, white space and quotes included', () => {
    expect(hideUrlPasswords('postgres://u:pa ss"w@rd@db/v', true)).toBe('postgres://u:***@db/v');
    expect(urlPassword('postgres://u:pa ss"w@rd@db/v')).toBe('pa ss"w@rd');
    expect(dropUrlPassword('postgres://u:pa/ss@db/v')).toBe('postgres://u@db/v');
    expect(urlPassword('postgres://u@db/v')).toBeUndefined();
  });
});

describe('secretForms', () => {
  it('has the form of a JSON text quoted in a JSON string (escaped twice)', () => {
    expect(secretForms('a"b\\c')).toContain(
      JSON.stringify(JSON.stringify('a"b\\c').slice(1, -1)).slice(1, -1),
    );
    expect(secretForms('plain-value')).toEqual(['plain-value']);
  });
});
