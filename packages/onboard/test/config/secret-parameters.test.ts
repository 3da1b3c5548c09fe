import { SECRET_PARAMETER_NAMES, secretNameSpellings } from '@madeup/testkit';
import { describe, expect, it } from 'vitest';
import { redact, redactUrl, redactUrlAsWritten, stripSecrets } from '../../src/config/redact-url.ts';
import { redactSourceUrl } from '../../src/connectors/source-url.ts';

const VALUE = 'Sup3r-Secr3t-Value';

/** URLs carrying `name=VALUE` after `?`, after `&` and after `;`, parsed by `new URL` or not. */
function urlsWith(name: string): string[] {
  return [
    `postgres://reader@db:5432/vendor?${name}=${VALUE}&sslmode=require`,
    `mysql://root@db/vendor?charset=utf8mb4&${name}=${VALUE}`,
    `postgres://reader@db/vendor?sslmode=require;${name}=${VALUE}`,
    `postgres://reader@db/vendor?token=t0k3n&sslmode=require;${name}=${VALUE}`,
    `postgres://reader@d b/vendor?${name}=${VALUE}`,
    `http://core:8080/v1?${name}=${VALUE}#top`,
  ];
}

describe('secret query parameters', () => {
  it('are hidden whole when the value holds a quote or a backslash, quoted in a message or not', () => {
    const leaks: string[] = [];
    for (const secret of ['Ab"Secr3tX', "Ab'Secr3tX", 'Ab\\Secr3tX', 'Ab"\'Secr3tX'])
      for (const url of [
        `postgres://u@db/t?password=${secret}&sslmode=require`,
        `postgres://u@db/t?pwd=${secret}`,
      ])
        for (const shown of [
          redact(`cannot connect to ${url}: refused`),
          redact(`cannot connect to "${url}".`),
          redact(`cannot connect to '${url}', giving up`),
          redact(JSON.stringify({ url })),
          redactUrlAsWritten(url),
        ])
          if (shown.includes('Secr3t')) leaks.push(shown);
    expect(leaks).toEqual([]);
  });

  it('are hidden by every path of the redaction rule, whatever the spelling of their name', () => {
    const leaks: string[] = [];
    for (const name of SECRET_PARAMETER_NAMES)
      for (const spelling of secretNameSpellings(name))
        for (const url of urlsWith(spelling))
          for (const [path, shown] of [
            ['redactUrl', redactUrl(url)],
            ['redactUrlAsWritten', redactUrlAsWritten(url)],
            ['redactSourceUrl', redactSourceUrl(url)],
            ['redact', redact(`cannot connect to ${url}: refused`)],
            ['stripSecrets', stripSecrets(url)],
          ] as const)
            if (shown.includes(VALUE)) leaks.push(`${path}(${url}) = ${shown}`);
    expect(leaks).toEqual([]);
  });

  it('leave the values of other parameters alone', () => {
    const url = 'postgres://reader@db/vendor?sslmode=require&application_name=onboard';
    expect(redactUrl(url)).toBe(url);
    expect(redactUrlAsWritten(url)).toBe(url);
    expect(redact(`at ${url}`)).toBe(`at ${url}`);
    expect(stripSecrets(url)).toBe(url);
  });

  it('are removed by stripSecrets, leaving a URL that still reads', () => {
    for (const [url, stripped] of [
      ['postgres://u@db/v?password=x&sslmode=require', 'postgres://u@db/v?sslmode=require'],
      ['postgres://u@db/v?sslmode=require&%70wd=x', 'postgres://u@db/v?sslmode=require'],
      ['postgres://u@db/v?sslmode=require;password=x', 'postgres://u@db/v?sslmode=require'],
      ['postgres://u@db/v?password=x', 'postgres://u@db/v'],
      ['postgres://u@d b/v?password=x&sslmode=require', 'postgres://u@d b/v?sslmode=require'],
      ['postgres://u@d b/v?password=x#f', 'postgres://u@d b/v#f'],
    ] as const)
      expect([url, stripSecrets(url)]).toEqual([url, stripped]);
  });
});
