import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRecord } from '../../../src/import/parse-record.ts';
import { MODEL } from '../../../src/model/model.ts';

const RUNS = 300;

/** A leaf of the model, by entity. */
const leaf = fc
  .constantFrom(...MODEL.entities)
  .chain((entity) => fc.record({ entity: fc.constant(entity), leaf: fc.constantFrom(...entity.leaves) }));

/** Values every kind refuses: wrong JSON types, and text no dialect can store. */
const refused = fc.constantFrom<unknown>([], [1], true, 1.5, 'nul\u0000', 'lone \ud800', '\udc00');

describe('field errors (properties)', () => {
  it(
    'refuses a bad value with one error naming the field by its full path, and a message saying why',
    () => {
      fc.assert(
        fc.property(leaf, refused, ({ entity, leaf: { top, member, path, kind, def } }, value) => {
          if (kind.parse(value, def).ok) return; // true is a boolean, 1.5 a json member...
          const fields = { [top]: member === undefined ? value : { [member]: value } };
          const outcome = parseRecord(entity, { externalId: 'x', fields }, 0);
          expect(outcome.ok, `${entity.name}.${path}`).toBe(false);
          if (outcome.ok) return;
          const mine = outcome.errors.filter((e) => e.field === `fields.${path}`);
          expect(mine, `${entity.name}.${path} ${JSON.stringify(value)}`).toHaveLength(1);
          expect(mine[0]?.message).toMatch(
            /expected .+, got (array|boolean|number|string)|NUL|surrogate|not an? |must be/,
          );
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});
