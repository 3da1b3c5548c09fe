import fc from 'fast-check';
import type { CompiledEntity, LeafField } from '../../src/model/compiled-entity.ts';
import { COUNTRY_CODES } from '../../src/model/kinds/country-kind.ts';
import { CURRENCY_CODES } from '../../src/model/kinds/currency-codes.ts';

/**
 * Arbitraries of import records derived from the model: every field of every entity gets a mix of
 * valid values (canonical and not), near misses and hostile values (wrong types, NUL, unpaired
 * surrogates, huge or deep values, impossible dates).
 */

/** Strings that broke or could break a dialect or a parser. */
export const NASTY_STRINGS = [
  '',
  ' ',
  'keepme ',
  'KEEPME',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\ud83d\ude00',
  'caf\u00e9',
  'cafe\u0301',
  "'; DROP TABLE customers; --",
  '%00',
  '\\u0000',
  '../../etc/passwd',
  '\u202e\u0000\uffff',
  '\t\n\r',
];

/** The strings no dialect can store (unpaired surrogates, NUL), drawn as often as all the others. */
const UNSTORABLE = NASTY_STRINGS.filter(
  (t) => t.includes('\u0000') || !(t as unknown as { isWellFormed(): boolean }).isWellFormed(),
);
const nasty = fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.constantFrom(...UNSTORABLE));
const anyText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 2, arbitrary: nasty },
  { weight: 1, arbitrary: fc.string({ minLength: 250, maxLength: 260 }) },
);
/** Values of the wrong JSON type for any field. */
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant([]),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);

const pad = (n: number, w: number) => String(n).padStart(w, '0');
/** Timestamps built from random parts, most of them impossible (month 13, hour 24, offset +99:99...). */
const partsTimestamp = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 14 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 61 }),
    fc.integer({ min: 0, max: 61 }),
    fc.constantFrom('Z', '+00:00', '-05:30', '+14:00', '+14:01', '-14:00', '+24:00', '+99:99', '+0545', ''),
  )
  .map(
    ([y, mo, d, h, mi, s, z]) =>
      `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${z}`,
  );
const realTimestamp = fc
  .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const realDate = realTimestamp.map((t) => t.slice(0, 10));
/**
 * Real instants in core's canonical spelling (six fraction digits, `T` and `Z`: what the columnar
 * parser keeps without `parse`), some with a lower-case `t` or `z`, which are not canonical.
 */
const canonicalTimestamp = fc
  .tuple(realTimestamp, fc.integer({ min: 0, max: 999 }), fc.constantFrom('TZ', 'TZ', 'tZ', 'Tz'))
  .map(([t, micros, [sep, zone]]) => `${t.slice(0, 10)}${sep}${t.slice(11, 23)}${pad(micros, 3)}${zone}`);
/** Impossible instants spelled canonically (27 characters), and real ones with 7 fraction digits. */
const canonicalLookalike = fc.oneof(
  partsTimestamp.filter((t) => t.endsWith('Z')).map((t) => `${t.slice(0, 19)}.000000Z`),
  canonicalTimestamp.map((t) => `${t.slice(0, 26)}1Z`),
  fc.constantFrom(
    '2016-12-31T23:59:60.000000Z',
    '0000-01-01T00:00:00.000000Z',
    '2023-02-29T00:00:00.000000Z',
  ),
);
/** Texts of `max - 1` to `max + 1` characters, some of two UTF-16 units: limits count characters. */
const nearLimit = (max: number) =>
  fc.string({
    unit: fc.constantFrom('x', '\u{1F600}', 'e\u0301'),
    minLength: Math.max(0, max - 1),
    maxLength: max + 1,
  });
/** E-mail addresses core accepts as they are, though unusual (upper case, non-ASCII, astral). */
const oddEmail = fc.constantFrom(
  'A@B.CO',
  '\u00fc@b\u00fccher.de',
  '\u{1F600}@b.co',
  'a.b+c@d-e.fg',
  '\u202ea@b.co',
);
/** Near-miss e-mail addresses: spaces, a trailing dot, a line break, no dot, a NUL, a lone surrogate. */
const badEmail = fc.constantFrom(
  'a b@c.de',
  ' a@b.co',
  'a@b.co ',
  'a@b.co.',
  'a@b.co\n',
  'a@b',
  'a\u0000@b.co',
  'a@b.co\ud800',
  '@b.co',
);

const decimalText = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    fc.stringMatching(/^\d{1,16}$/),
    fc.option(fc.stringMatching(/^\d{1,5}$/)),
  )
  .map(([sign, int, frac]) => `${sign}${int}${frac === null ? '' : `.${frac}`}`);

/** JSON attribute values no dialect can hold exactly: too deep, or with NUL or unpaired surrogates. */
const deepObject = fc.integer({ min: 30, max: 3000 }).map((depth) => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = { d: value };
  return value;
});
const jsonObject = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 3 }), nasty, { minKeys: 1, maxKeys: 3 }),
  fc.dictionary(nasty, fc.integer(), { minKeys: 1, maxKeys: 2 }),
  fc.tuple(nasty, fc.jsonValue({ maxDepth: 2 })).map(([text, value]) => ({ list: [value, { text }] })),
  deepObject,
);

/** Values a leaf accepts (canonical or not) and near misses or hostile values it must refuse. */
function leafValues(leaf: LeafField): { valid: fc.Arbitrary<unknown>; invalid: fc.Arbitrary<unknown> } {
  const def = leaf.def;
  const max = def.maxLength ?? 255;
  switch (def.type) {
    case 'string':
      return {
        valid: fc.oneof(
          fc.string({ maxLength: Math.min(max, 20) }),
          fc.string({ unit: 'grapheme', maxLength: Math.min(max, 10) }),
          nearLimit(max),
        ),
        invalid: fc.oneof(nasty, fc.string({ minLength: max + 1, maxLength: max + 3 }), nearLimit(max)),
      };
    case 'email':
      return {
        valid: fc.oneof(
          fc.emailAddress().filter((e) => e.length <= 254),
          oddEmail,
        ),
        invalid: fc.oneof(
          anyText,
          badEmail,
          nearLimit(254).map((t) => `${t}@b.co`),
        ),
      };
    case 'integer':
      return {
        valid: fc.integer({ min: 1, max: 10_000 }),
        invalid: fc.oneof(fc.constant(2 ** 53), fc.double(), fc.integer({ min: -5, max: 0 })),
      };
    case 'decimal':
      return {
        valid: fc
          .tuple(fc.stringMatching(/^\d{1,6}$/), fc.stringMatching(new RegExp(`^\\d{0,${def.scale ?? 2}}$`)))
          .map(([int, frac]) => (frac === '' ? int : `${int}.${frac}`))
          .filter((d) => /[1-9]/.test(d)),
        invalid: fc.oneof(decimalText, anyText),
      };
    case 'boolean':
      return { valid: fc.boolean(), invalid: fc.constantFrom('true', 0, 1) };
    case 'timestamp':
      return {
        valid: fc.oneof(realTimestamp, canonicalTimestamp),
        invalid: fc.oneof(partsTimestamp, canonicalLookalike, anyText),
      };
    case 'date':
      return {
        valid: realDate,
        invalid: fc.oneof(
          partsTimestamp.map((t) => t.slice(0, 10)),
          anyText,
        ),
      };
    case 'enum':
      return { valid: fc.constantFrom(...(def.values ?? [])), invalid: anyText };
    case 'currency':
      return {
        valid: fc.constantFrom(...CURRENCY_CODES),
        invalid: fc.oneof(fc.constantFrom('usd', 'XXX', 'EU'), anyText),
      };
    case 'country':
      return {
        valid: fc.constantFrom(...COUNTRY_CODES),
        invalid: fc.oneof(fc.constantFrom('zz', '1?', 'us', 'UK'), anyText),
      };
    case 'json':
      return {
        valid: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
        invalid: fc.oneof(jsonObject, deepObject),
      };
    default:
      return { valid: anyText, invalid: anyText };
  }
}

/** How a record's values are drawn: mostly accepted ones, or mostly near misses and hostile ones. */
type Mode = 'valid' | 'hostile';

/** A value for a leaf: in `valid` mode mostly one it accepts; in `hostile` mode mostly not. */
const slot = (leaf: LeafField, mode: Mode) => {
  const { valid, invalid } = leafValues(leaf);
  return fc.oneof(
    { weight: mode === 'valid' ? 20 : 3, arbitrary: valid },
    { weight: mode === 'valid' ? 0 : 6, arbitrary: invalid },
    { weight: mode === 'valid' && leaf.def.required === true ? 0 : 1, arbitrary: fc.constant(null) },
    { weight: mode === 'valid' ? 0 : 1, arbitrary: wrongType },
  );
};

/** External ids: ordinary, spaced and cased variants, hostile, and around the 255 limit. */
export const externalIdArb = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z0-9]{1,8}$/) },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: nasty },
  { weight: 1, arbitrary: fc.string({ minLength: 254, maxLength: 257 }) },
);

/** Import records of `entity`: accepted ones, ones with exactly one bad value, hostile ones, non-records. */
export function recordArb(entity: CompiledEntity): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: recordOf(entity, 'valid') },
    { weight: 6, arbitrary: oneBadValue(entity) },
    { weight: 2, arbitrary: recordOf(entity, 'hostile') },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          recordOf(entity, 'valid'),
          fc.constantFrom('id', 'source', 'contentHash', 'extra'),
          fc.anything({ maxDepth: 1 }),
        )
        .map(([r, key, value]) => ({ ...r, [key]: value })),
    },
  );
}

type RecordShape = { externalId: unknown; fields?: Record<string, unknown>; refs?: Record<string, unknown> };

/** External ids every dialect stores: plain, spaced, cased, accented, up to the 255 limit. */
const storableIdArb = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z0-9]{1,8}$/) },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('keepme ', 'KEEPME', ' keepme', 'caf\u00e9', 'cafe\u0301', '\ud83d\ude00'),
  },
  { weight: 1, arbitrary: fc.string({ minLength: 255, maxLength: 255 }) },
);

/**
 * A record of `entity`. `valid`: every required field and reference present, values accepted,
 * optional fields a random subset. `hostile`: any subset, values mostly refused.
 */
function recordOf(entity: CompiledEntity, mode: Mode): fc.Arbitrary<RecordShape> {
  const valid = mode === 'valid';
  const fieldArbs: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [top, leaves] of entity.fields) {
    const first = leaves[0];
    if (first === undefined) continue;
    fieldArbs[top] =
      first.member === undefined
        ? slot(first, mode)
        : fc.oneof(
            {
              weight: 6,
              arbitrary: fc.record(Object.fromEntries(leaves.map((l) => [l.member ?? '', slot(l, mode)])), {
                requiredKeys: [],
              }),
            },
            { weight: 1, arbitrary: fc.constant(null) },
            { weight: valid ? 0 : 1, arbitrary: wrongType },
          );
  }
  const refArbs = Object.fromEntries(
    entity.refs.map((r) => [
      r.name,
      valid
        ? r.required
          ? storableIdArb
          : fc.oneof(storableIdArb, fc.constant(null))
        : fc.oneof(
            { weight: 6, arbitrary: externalIdArb },
            { weight: 2, arbitrary: fc.constant(null) },
            { weight: 1, arbitrary: wrongType },
          ),
    ]),
  );
  const requiredFields = Object.entries(entity.def.fields)
    .filter(([, def]) => def.required === true)
    .map(([name]) => name);
  const requiredRefs = entity.refs.filter((r) => r.required).map((r) => r.name);
  return fc.record(
    {
      externalId: valid
        ? storableIdArb
        : fc.oneof({ weight: 9, arbitrary: externalIdArb }, { weight: 1, arbitrary: wrongType }),
      fields: fc.oneof(
        { weight: 3, arbitrary: fc.record(fieldArbs, { requiredKeys: valid ? requiredFields : [] }) },
        { weight: 2, arbitrary: fc.record(fieldArbs) },
      ),
      refs: fc.record(refArbs, { requiredKeys: valid ? requiredRefs : [] }),
    },
    { requiredKeys: valid ? ['externalId', 'fields', 'refs'] : ['externalId'] },
  );
}

/** A record whose values are all acceptable but one, which is a near miss or hostile. */
function oneBadValue(entity: CompiledEntity): fc.Arbitrary<RecordShape> {
  const leaf = fc
    .constantFrom(...entity.leaves)
    .chain((l) => fc.tuple(fc.constant(l), leafValues(l).invalid));
  return fc.tuple(recordOf(entity, 'valid'), leaf).map(([record, [l, bad]]) => {
    const fields = { ...(record.fields ?? {}) };
    if (l.member === undefined) fields[l.top] = bad;
    else {
      const current = fields[l.top];
      const members =
        current !== null && typeof current === 'object' && !Array.isArray(current) ? current : {};
      fields[l.top] = { ...members, [l.member]: bad };
    }
    return { ...record, fields };
  });
}
