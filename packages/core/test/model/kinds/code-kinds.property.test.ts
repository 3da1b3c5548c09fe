import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { booleanKind } from '../../../src/model/kinds/boolean-kind.ts';
import { countryKind } from '../../../src/model/kinds/country-kind.ts';
import { currencyKind } from '../../../src/model/kinds/currency-kind.ts';
import { enumKind } from '../../../src/model/kinds/enum-kind.ts';

const RUNS = 300;

/** Codes docs/core.md names as accepted, and spellings of them it refuses (case, blanks, lookalikes). */
const ACCEPTED = {
  country: ['US', 'FR', 'DE', 'JP', 'BR'],
  currency: ['EUR', 'USD', 'JPY', 'CHF', 'GBP'],
  enum: ['draft', 'open', 'paid', 'void'],
} as const;
const KINDS = { country: countryKind, currency: currencyKind, enum: enumKind } as const;

const respelled = fc.constantFrom(
  (s: string) => s.toLowerCase(),
  (s: string) => s.toUpperCase(),
  (s: string) => ` ${s}`,
  (s: string) => `${s} `,
  (s: string) => `${s}\u0000`,
  (s: string) => s.slice(1),
  (s: string) =>
    s.normalize('NFKC').replace(/[A-Za-z]/, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)),
);

describe('code kinds (properties)', () => {
  it(
    'accepts a listed code exactly as written and refuses any other spelling of it',
    () => {
      fc.assert(
        fc.property(fc.constantFrom('country', 'currency', 'enum'), respelled, (name, change) => {
          const kind = KINDS[name];
          const def = { type: name, values: ACCEPTED.enum } as const;
          for (const code of ACCEPTED[name]) {
            expect(kind.parse(code, def), code).toEqual({ ok: true, value: code });
            const other = change(code);
            const listed = (ACCEPTED[name] as readonly string[]).includes(other);
            const parsed = kind.parse(other, def);
            if (!listed)
              expect(parsed, JSON.stringify(other)).toMatchObject({
                ok: false,
                code: name === 'enum' ? 'invalid_enum' : 'invalid_format',
              });
          }
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'accepts only JSON true and false as booleans, not their spellings',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(fc.boolean(), fc.constantFrom<unknown>('true', 'false', 0, 1, 'yes', null, [])),
          (value) => {
            const parsed = booleanKind.parse(value, { type: 'boolean' });
            if (typeof value === 'boolean') expect(parsed).toEqual({ ok: true, value });
            else expect(parsed).toMatchObject({ ok: false, code: 'invalid_type' });
          },
        ),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});
