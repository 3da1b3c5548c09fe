import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { mayRepeatKeys, repeatedKeys } from '../../src/connectors/files/repeated-keys.ts';

const RUNS = 200;

/** A JSON value as written: objects are lists of members, so a key may come twice. */
type Written = null | number | string | boolean | Written[] | { members: [string, Written][] };

/** Keys that collide (`a`, its escaped spelling) and strings that look like keys (`":`, `\":`). */
const text = fc.constantFrom('a', 'b', 'a_2', '":', '\\":', 'x" : 1', '{', '}', '[', ']', 'é', ' ');

const written: fc.Arbitrary<Written> = fc.letrec<{ value: Written }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.integer(),
    text,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.record({ members: fc.array(fc.tuple(text, tie('value')), { maxLength: 4 }) }),
  ),
})).value;

/** The test's own writer; a key `a` is now and then spelled `\u0061` (the same key). */
function write(value: Written, escaped: boolean): string {
  if (Array.isArray(value)) return `[${value.map((v) => write(v, escaped)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = value.members.map(([key, v], i) => {
      const name = escaped && key === 'a' && i % 2 === 1 ? '"\\u0061"' : JSON.stringify(key);
      return `${name} : ${write(v, escaped)}`;
    });
    return `{${members.join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** The repeats the value holds, from its member lists: [key, nested] once per later occurrence. */
function repeatsOf(value: Written, depth: number, out: [string, boolean][]): [string, boolean][] {
  if (Array.isArray(value)) for (const v of value) repeatsOf(v, depth, out);
  else if (value !== null && typeof value === 'object') {
    const seen = new Set<string>();
    for (const [key, v] of value.members) {
      if (seen.has(key)) out.push([key, depth > 0]);
      seen.add(key);
      repeatsOf(v, depth + 1, out);
    }
  }
  return out;
}

/**
 * The NDJSON repeated-key scan against the written members of random nested objects: it finds every
 * repeat, in or below the line's object, whatever strings that look like keys the values hold; and
 * the cheap check that lets a line skip the scan never says no to a line that repeats a key.
 */
it(
  'finds exactly the repeated keys, and the quick check never misses one',
  () => {
    fc.assert(
      fc.property(
        fc.record({ members: fc.array(fc.tuple(text, written), { maxLength: 5 }) }),
        fc.boolean(),
        (line, escaped) => {
          const json = write(line, escaped);
          const expected = repeatsOf(line, 0, []);
          const found = repeatedKeys(json);
          expect(found?.repeats.map((r) => [r.key, r.nested]) ?? []).toEqual(expected);
          if (expected.length > 0) expect(mayRepeatKeys(json, JSON.parse(json))).toBe(true);
          if (found)
            expect([...found.topKeys].sort()).toEqual([...new Set(line.members.map(([key]) => key))].sort());
        },
      ),
      fuzzOptions(RUNS),
    );
  },
  fuzzTimeout(RUNS),
);
