import { SECRET_PARAMETER_NAMES, secretNameSpellings } from '@madeup/testkit';
import { describe, expect, it } from 'vitest';
import { createLogger, secretsOfUrls } from '../../src/logging/create-logger.ts';

const VALUE = 'Sup3r-Secr3t-Value';

/** The lines core's logger writes for `write(logger)`. */
function logged(write: (logger: ReturnType<typeof createLogger>) => void, secrets: string[] = []): string {
  const lines: string[] = [];
  write(createLogger('info', { write: (line: string) => lines.push(line) }, secrets));
  return lines.join('');
}

/** Passwords holding what ends a value in other contexts: quotes, a backslash, `@`, `/`. */
const AWKWARD = ['Ab"Secr3tX', "Ab'Secr3tX", 'Ab\\Secr3tX', 'Ab"\'\\Secr3tX', 'Ab@/Secr3tX', 'Ab%22Secr3tX'];

describe("core's log scrub", () => {
  it('hides the value of every secret query parameter, whatever the spelling of its name', () => {
    const leaks: string[] = [];
    for (const name of SECRET_PARAMETER_NAMES)
      for (const spelling of secretNameSpellings(name))
        for (const url of [
          `postgres://u@db/t?${spelling}=${VALUE}&sslmode=require`,
          `mysql://root@db/t?charset=utf8mb4&${spelling}=${VALUE}`,
          `postgres://u@db/t?sslmode=require;${spelling}=${VALUE}`,
        ]) {
          const line = logged((logger) => logger.warn({ url }, `cannot reach ${url}`));
          if (line.includes(VALUE)) leaks.push(line);
        }
    expect(leaks).toEqual([]);
  });

  it('hides a password holding quotes, a backslash, @ or /, and every line stays valid JSON', () => {
    const problems: string[] = [];
    for (const secret of AWKWARD)
      for (const url of [
        `postgres://u:${secret}@db/t`,
        `postgres://u@db/t?password=${secret}&sslmode=require`,
        `postgres://u@db/t?password=${secret}`,
      ])
        for (const message of [
          `cannot reach ${url}`,
          `cannot reach "${url}".`,
          `cannot reach '${url}', giving up`,
        ]) {
          const line = logged((logger) => logger.warn({ url, servers: { postgres: url } }, message));
          if (line.includes('Secr3t')) problems.push(`leak: ${line}`);
          try {
            JSON.parse(line);
          } catch {
            problems.push(`not JSON: ${line}`);
          }
        }
    expect(problems).toEqual([]);
  });

  it("hides its configuration's secrets wherever they appear, in any form", () => {
    const secret = 'Ab",Secr3tX';
    const url = `postgres://u:${encodeURIComponent(secret)}@db/t?sslpassword=${secret}`;
    const secrets = secretsOfUrls([url, undefined]);
    const line = logged(
      (logger) =>
        logger.error(
          { url, err: { message: `password ${secret} refused` } },
          `cannot reach "${url}", with ${secret}`,
        ),
      secrets,
    );
    expect(line).not.toContain('Secr3t');
    expect(() => JSON.parse(line)).not.toThrow();
    // A logger not told the secret still hides it inside URLs, but not in free text.
    expect(logged((logger) => logger.info({ url }))).not.toContain('Secr3t');
  });

  it('hides a configured password in a JSON text quoted in a message (escaped twice in the line)', () => {
    const secret = 'Ab"\\ Secr3tX';
    const url = `postgres://u:${encodeURIComponent(secret)}@db/t`;
    const body = JSON.stringify({ detail: JSON.stringify({ password: secret }) });
    const line = logged((logger) => logger.error(`core answered ${body}`), secretsOfUrls([url]));
    expect(line).not.toContain('Secr3t');
    expect(() => JSON.parse(line)).not.toThrow();
  });

  it('keeps the hosts and databases of the other URLs in a JSON text', () => {
    const text = JSON.stringify({ a: 'postgres://u:p%40w@db.example', b: 'mysql://r@[2001:db8::5]/shop' });
    const line = logged((logger) => logger.warn(text));
    expect(JSON.parse(line).msg).toBe(text.replace('p%40w', '***'));
  });

  it('leaves other parameters alone', () => {
    const url = 'postgres://u@db/t?sslmode=require&application_name=core';
    expect(logged((logger) => logger.info(`at ${url}`))).toContain(url);
  });
});
