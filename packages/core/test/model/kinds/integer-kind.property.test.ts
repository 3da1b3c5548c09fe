import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldDef } from '../../../src/model/field.ts';
import { integerKind } from '../../../src/model/kinds/integer-kind.ts';

const RUNS = 300;
const LARGEST = 2n ** 53n - 1n;

/** Wire values an integer field may get: JSON numbers of every sort (1.0 and 1e3 are numbers), and others. */
const wire = fc.oneof(
  fc.integer(),
  fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }).map(Number),
  fc.constantFrom(2 ** 53, -(2 ** 53), 2 ** 53 - 1, -(2 ** 53 - 1), 1.0, 1e3, -0, 0.5, 1e21, 1e-7),
  fc.double(),
  fc.constantFrom('1', '1e3', true, null, [1], { value: 1 }),
);

const definition = fc
  .record({
    minimum: fc.option(fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }), { nil: undefined }),
    maximum: fc.option(fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }), { nil: undefined }),
  })
  .map(
    ({ minimum, maximum }): FieldDef => ({
      type: 'integer',
      ...(minimum !== undefined ? { minimum: String(minimum) } : {}),
      ...(maximum !== undefined ? { maximum: String(maximum) } : {}),
    }),
  );

/** An integer is a JSON number with no fraction within +-(2^53-1), inside the field's bounds. */
function expected(value: unknown, def: FieldDef): { value: number } | { code: string } {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.trunc(value) !== value)
    return { code: 'invalid_type' };
  const exact = BigInt(value);
  if (exact > LARGEST || exact < -LARGEST) return { code: 'invalid_type' };
  if (def.minimum !== undefined && exact < BigInt(def.minimum)) return { code: 'too_small' };
  if (def.maximum !== undefined && exact > BigInt(def.maximum)) return { code: 'too_large' };
  return { value };
}

describe('integer kind (properties)', () => {
  it(
    'accepts exactly the safe whole numbers within bounds, as themselves, and names why it refuses the rest',
    () => {
      fc.assert(
        fc.property(wire, definition, (value, def) => {
          const parsed = integerKind.parse(value, def);
          const want = expected(value, def);
          expect(parsed.ok ? { value: parsed.value } : { code: parsed.code }).toEqual(want);
          if (!parsed.ok) expect(parsed.message).not.toBe('');
          if (parsed.ok) expect(integerKind.parse(parsed.value, def)).toEqual(parsed);
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});
