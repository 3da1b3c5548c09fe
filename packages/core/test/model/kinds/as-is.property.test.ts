import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asIsCheck } from '../../../src/model/kinds/as-is.ts';
import { KINDS } from '../../../src/model/kinds/index.ts';

/** Values near every check's edges: lengths, NUL, lone surrogates, e-mail, country and timestamp spellings. */
const EDGES: unknown[] = [
  null,
  undefined,
  '',
  'text',
  'x'.repeat(5),
  'x'.repeat(6),
  'x'.repeat(254),
  'x'.repeat(255),
  'x'.repeat(256),
  '😀'.repeat(127),
  '😀'.repeat(128),
  'nul\u0000',
  'lone \ud800',
  'lone \udc00 low',
  'a@b.co',
  'a@b',
  'a b@c.de',
  `${'x'.repeat(250)}@b.co`,
  'US',
  'us',
  'XX',
  'constructor',
  '2024-01-31T12:00:00.123456Z',
  '2024-01-31t12:00:00.123456z',
  '2024-01-31T12:00:00.123456+00:00',
  '2024-01-31T12:00:00Z',
  '2024-02-30T12:00:00.000000Z',
  '2024-01-31T24:00:00.000000Z',
  '0000-01-01T00:00:00.000000Z',
  '2024-01-31 12:00:00.123456Z',
  '2024-01-31T12:00:00.12345xZ',
  '2016-12-31T23:59:60.000000Z',
  '2024-01-31T12:00:00.1234567Z',
  '2024-01-31T12:00:00.123456Zz',
  '2024-01-31T12:00:00.123456\u0000',
  '2023-02-29T00:00:00.000000Z',
  '\u{1F600}'.repeat(5),
  '\u{1F600}'.repeat(6),
  'x\u{1F600}'.repeat(3),
  '\u202eevil\u202c',
  ' padded ',
  'e\u0301',
  'A@B.CO',
  '\u00fc@b\u00fccher.de',
  'a@b.co.',
  'a@b.co\n',
  'a@b.co\u0000',
  'US ',
  '__proto__',
  'true',
  true,
  false,
  0,
  1,
  [],
  {},
];

const DEFS = [{}, { maxLength: 5 }, { maxLength: 1 }, { maxLength: 0 }, { maxLength: 300 }];

describe('as-is checks (a value kept without parse)', () => {
  const kinds = Object.entries(KINDS).filter(([, kind]) => asIsCheck(kind) !== undefined);

  it('has checks for the common kinds only, each its own (spread kinds do not share one)', () => {
    expect(kinds.map(([name]) => name).sort()).toEqual([
      'boolean',
      'country',
      'email',
      'string',
      'timestamp',
    ]);
    expect(asIsCheck(KINDS.enum)).toBeUndefined();
    expect(asIsCheck(KINDS.currency)).toBeUndefined();
  });

  it(
    "keeps only what the kind's parse returns as ok with that very value",
    () => {
      const value = fc.oneof(
        fc.constantFrom(...EDGES),
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.string({ unit: 'grapheme', maxLength: 140 }),
        fc.emailAddress(),
        fc
          .date({
            min: new Date(-62_000_000_000_000),
            max: new Date(253_402_300_799_000),
            noInvalidDate: true,
          })
          .map((d) => `${d.toISOString().slice(0, 23)}${String(d.getTime() % 1000).padStart(3, '0')}Z`),
      );
      fc.assert(
        fc.property(fc.constantFrom(...kinds), value, fc.constantFrom(...DEFS), ([, kind], v, def) => {
          const check = asIsCheck(kind) as NonNullable<ReturnType<typeof asIsCheck>>;
          if (!check(v, def as never)) return;
          const parsed = kind.parse(v, def as never);
          expect(parsed).toEqual({ ok: true, value: v });
        }),
        fuzzOptions(2000),
      );
      for (const [, kind] of kinds)
        for (const v of EDGES)
          for (const def of DEFS) {
            const check = asIsCheck(kind) as NonNullable<ReturnType<typeof asIsCheck>>;
            if (check(v, def as never)) expect(kind.parse(v, def as never)).toEqual({ ok: true, value: v });
          }
    },
    fuzzTimeout(2000, 5),
  );

  it('keeps the common canonical values (so the fast path is taken)', () => {
    expect(asIsCheck(KINDS.string)?.('Springfield', {} as never)).toBe(true);
    expect(asIsCheck(KINDS.email)?.('customer1@example.com', {} as never)).toBe(true);
    expect(asIsCheck(KINDS.country)?.('US', {} as never)).toBe(true);
    expect(asIsCheck(KINDS.boolean)?.(false, {} as never)).toBe(true);
    expect(asIsCheck(KINDS.timestamp)?.('2023-05-01T10:11:12.123456Z', {} as never)).toBe(true);
  });
});
