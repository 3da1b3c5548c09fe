import {
  fuzzOptions,
  fuzzTimeout,
  type HostileText,
  hostileText,
  needsKnownSecret,
  redactionProblems,
} from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogger, secretsOfUrls } from '../../src/logging/create-logger.ts';

/**
 * Connection URLs with hostile passwords (see `hostileText`), alone, in drivers' messages, several
 * in one message, inside JSON, logged as a message, an error and a field: core's log lines never
 * show a password in any form, and keep hosts and database names. Passwords no rule can delimit
 * (raw, holding white space...) are hidden when they are core's configured secrets. The same texts
 * go through onboard's redaction in packages/onboard/test/config/url-passwords.property.test.ts.
 */

const RUNS = 300;

/** The line core's logger writes for `text` as a message, an error's message and a field. */
function logged(text: string, secrets: readonly string[]): string {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => lines.push(line) }, secrets);
  logger.error({ err: new Error(text), url: text }, text);
  return lines.join('');
}

/** What a logged line shows of `sample`: the whole line (a valid JSON object), and its three texts. */
function problemsOf(sample: HostileText, line: string): string[] {
  let fields: { msg: string; url: string; err: { message: string } };
  try {
    fields = JSON.parse(line) as typeof fields;
  } catch {
    return [`not JSON: ${line}`];
  }
  return [
    ...redactionProblems(sample, line, false),
    ...[fields.msg, fields.url, fields.err.message].flatMap((text) => redactionProblems(sample, text)),
  ];
}

describe("core's log scrub of URL passwords", () => {
  it(
    'hides every password it can delimit, without knowing it, and keeps hosts and databases',
    () => {
      fc.assert(
        fc.property(hostileText, (sample) => {
          fc.pre(!needsKnownSecret(sample));
          const line = logged(sample.text, []);
          const problems = [...new Set(problemsOf(sample, line))];
          expect({ text: sample.text, line, problems }).toEqual({ text: sample.text, line, problems: [] });
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'hides every password of its configured URLs, wherever it stands',
    () => {
      fc.assert(
        fc.property(hostileText, (sample) => {
          const line = logged(sample.text, secretsOfUrls(sample.urls.map((u) => u.url)));
          const problems = [...new Set(problemsOf(sample, line))].filter((p) => !p.includes(' hidden'));
          expect({ text: sample.text, line, problems }).toEqual({ text: sample.text, line, problems: [] });
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});
