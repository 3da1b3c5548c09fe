import { fuzzOptions, fuzzTimeout, hostileText, needsKnownSecret, redactionProblems } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact, redactUrl, redactUrlAsWritten, registerSecret } from '../../src/config/redact-url.ts';

/**
 * Connection URLs with hostile passwords (see `hostileText`), alone, in drivers' messages, several
 * in one message, inside JSON: onboard's `redact` hides every password in every form while hosts
 * and database names stay; a URL on its own is hidden by `redactUrl` and `redactUrlAsWritten` too.
 * Passwords no rule can delimit (raw, holding white space...) are hidden once registered. The same
 * texts go through core's log scrub in packages/core/test/logging/url-passwords.property.test.ts.
 */

const RUNS = 300;

describe("onboard's redaction of URL passwords", () => {
  it(
    'hides every password it can delimit, without knowing it, and keeps hosts and databases',
    () => {
      fc.assert(
        fc.property(hostileText, (sample) => {
          fc.pre(!needsKnownSecret(sample));
          const shown = [redact(sample.text)];
          const [url] = sample.urls;
          if (sample.context === 'template 0' && url !== undefined)
            shown.push(redactUrlAsWritten(url.url), redactUrl(url.url));
          const problems = shown.flatMap((text, i) =>
            redactionProblems(sample, text).map(
              (p) => `${['redact', 'redactUrlAsWritten', 'redactUrl'][i]}: ${p}`,
            ),
          );
          expect({ text: sample.text, shown, problems }).toEqual({ text: sample.text, shown, problems: [] });
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'hides every password once registered, wherever it stands',
    () => {
      fc.assert(
        fc.property(hostileText, (sample) => {
          for (const url of sample.urls) registerSecret(url.password);
          const shown = redact(sample.text);
          const problems = redactionProblems(sample, shown).filter((p) => p.startsWith('password'));
          expect({ text: sample.text, shown, problems }).toEqual({ text: sample.text, shown, problems: [] });
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});
