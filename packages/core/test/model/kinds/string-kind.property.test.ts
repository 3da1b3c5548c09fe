import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailKind } from '../../../src/model/kinds/email-kind.ts';
import { stringKind } from '../../../src/model/kinds/string-kind.ts';
import { codePoints, hasLoneSurrogate, hasNul } from './text-oracle.ts';

const RUNS = 300;

/** Texts of every sort of UTF-16: pairs, lone halves, NUL, combining marks, around the length limit. */
const unit = fc.oneof(
  { arbitrary: fc.constantFrom('a', 'é', 'e\u0301', '😀', '\u{10ffff}', '中', ' ', '\u00a0'), weight: 6 },
  { arbitrary: fc.constantFrom('\ud800', '\udfff', '\u0000'), weight: 1 },
);
const text = fc.oneof(
  fc.array(unit, { maxLength: 12 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);

/** docs/core.md: maxLength characters (code points); then no NUL and no unpaired surrogate. */
function expected(value: string, max: number): { value: string } | { code: string } {
  if (codePoints(value) > max) return { code: 'too_long' };
  if (hasLoneSurrogate(value) || hasNul(value)) return { code: 'invalid_format' };
  return { value };
}

describe('string and e-mail kinds (properties)', () => {
  it(
    'counts code points against maxLength, refuses NUL and lone surrogates, and never changes the text',
    () => {
      fc.assert(
        fc.property(text, fc.integer({ min: 0, max: 10 }), (value, maxLength) => {
          const def = { type: 'string', maxLength } as const;
          const parsed = stringKind.parse(value, def);
          expect(parsed.ok ? { value: parsed.value } : { code: parsed.code }).toEqual(
            expected(value, maxLength),
          );
          if (parsed.ok) expect(stringKind.parse(parsed.value, def)).toEqual(parsed);
          else expect(parsed.message).toMatch(/characters|NUL|surrogate/);
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'keeps an e-mail address as written (no case folding or normalisation) and limits it to 254 code points',
    () => {
      const label = fc.array(fc.constantFrom('a', 'Z', '7', '-', '_', 'é', '😀', 'e\u0301'), {
        minLength: 1,
        maxLength: 90,
      });
      const address = fc
        .tuple(label, label, fc.array(fc.constantFrom('c', 'O', 'ö'), { minLength: 1, maxLength: 90 }))
        .map(([local, domain, top]) => `${local.join('')}@${domain.join('')}.${top.join('')}`);
      fc.assert(
        fc.property(address, (value) => {
          const parsed = emailKind.parse(value, { type: 'email' });
          if (codePoints(value) > 254) expect(parsed, value).toMatchObject({ ok: false, code: 'too_long' });
          else expect(parsed, value).toEqual({ ok: true, value });
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'refuses an e-mail address with NUL or a lone surrogate as invalid_format',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom('\u0000', '\ud800', '\udc00'),
          fc.integer({ min: 0, max: 6 }),
          (bad, at) => {
            const good = 'ann.lee@example.com';
            const value = `${good.slice(0, at)}${bad}${good.slice(at)}`;
            expect(emailKind.parse(value, { type: 'email' }), JSON.stringify(value)).toMatchObject({
              ok: false,
              code: 'invalid_format',
            });
          },
        ),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});
