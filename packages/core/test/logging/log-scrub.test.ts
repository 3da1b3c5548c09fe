import { SECRET_PARAMETER_NAMES, secretNameSpellings } from '@madeup/testkit';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.ts';

const VALUE = 'Sup3r-Secr3t-Value';

/** The lines core's logger writes for `write(logger)`. */
function logged(write: (logger: ReturnType<typeof createLogger>) => void): string {
  const lines: string[] = [];
  write(createLogger('info', { write: (line: string) => lines.push(line) }));
  return lines.join('');
}

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

  it('leaves other parameters alone', () => {
    const url = 'postgres://u@db/t?sslmode=require&application_name=core';
    expect(logged((logger) => logger.info(`at ${url}`))).toContain(url);
  });
});
