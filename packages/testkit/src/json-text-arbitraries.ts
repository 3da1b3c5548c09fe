import fc from 'fast-check';

/**
 * JSON texts written token by token (not by `JSON.stringify`), so that every kind of white space,
 * escape and number spelling the grammar allows appears, and the test knows where each top-level
 * member lies in the text.
 */

/** White space between tokens: mostly none, else any mix of the four JSON kinds. */
export const space = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r'), minLength: 1, maxLength: 4 }),
  },
);

const hex = (code: number, upper: boolean) => {
  const digits = code.toString(16).padStart(4, '0');
  return `\\u${upper ? digits.toUpperCase() : digits}`;
};

/** One piece of a string literal's text: a character as is (1-4 bytes), or an escape of any kind. */
const stringPiece = fc.oneof(
  fc.constantFrom(
    'a',
    'Z',
    '0',
    ' ',
    "'",
    '/',
    '[',
    ']',
    '{',
    '}',
    ',',
    ':',
    '],[',
    '},{',
    ']],[[',
    '\\"],[\\"',
  ),
  fc.constantFrom(
    'é',
    'ß',
    'Ω',
    'ю',
    '€',
    '中',
    '\u2028',
    '\u2029',
    '\ufeff',
    '\uffff',
    '𝄞',
    '😀',
    '\u{10ffff}',
  ),
  fc.constantFrom('\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '\\\\\\"', '\\\\\\\\'),
  fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.boolean()).map(([code, upper]) => hex(code, upper)),
  fc.constantFrom(
    '\\ud800',
    '\\uDBFF',
    '\\udc00',
    '\\uDFFF',
    '\\ud83d\\ude00',
    '\\uD834\\uDD1E',
    '\\ud83d😀',
  ),
);

/** A string literal (quotes included). */
export const stringText = fc.array(stringPiece, { maxLength: 8 }).map((pieces) => `"${pieces.join('')}"`);

/** A member name: often one of a few (so names repeat), and the names that poison prototypes. */
export const nameText = fc.oneof(
  { weight: 2, arbitrary: stringText },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '"a"',
      '"aA"',
      '"a\\u0041"',
      '"__proto__"',
      '"constructor"',
      '"prototype"',
      '"rows"',
    ),
  },
);

/** A number in any spelling JSON allows, including ones a double cannot hold. */
export const numberText = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.constantFrom(
    '-0',
    '0.0',
    '1e400',
    '-1E-400',
    '12345678901234567890123',
    '1.5E+3',
    '0e0',
    '-0.000001e-7',
    '9007199254740993',
  ),
);

const literalText = fc.oneof(fc.constantFrom('true', 'false', 'null'), numberText, stringText);

/** Array text of element texts, white space around every token. */
const arrayOf = (elements: readonly string[], spaces: readonly string[]) => {
  const s = (k: number) => spaces[k % Math.max(1, spaces.length)] ?? '';
  if (elements.length === 0) return `[${s(0)}]`;
  return `[${s(0)}${elements.map((e, k) => `${e}${s(k + 1)}`).join(`,${s(elements.length + 2)}`)}]`;
};

const objectOf = (members: readonly (readonly [string, string])[], spaces: readonly string[]) => {
  const s = (k: number) => spaces[k % Math.max(1, spaces.length)] ?? '';
  if (members.length === 0) return `{${s(0)}}`;
  return `{${s(0)}${members.map(([n, v], k) => `${n}${s(k + 1)}:${s(k + 2)}${v}${s(k + 3)}`).join(`,${s(1)}`)}}`;
};

/** Any JSON value's text, a few levels deep. */
export const valueText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literalText,
    fc
      .tuple(fc.array(tie('value'), { maxLength: 5 }), fc.array(space, { maxLength: 3 }))
      .map(([e, s]) => arrayOf(e, s)),
    fc
      .tuple(fc.array(fc.tuple(nameText, tie('value')), { maxLength: 5 }), fc.array(space, { maxLength: 3 }))
      .map(([m, s]) => objectOf(m, s)),
  ),
})).value;

/** Arrays or objects nested hundreds deep. */
const deepText = fc
  .tuple(fc.integer({ min: 1, max: 400 }), fc.boolean(), literalText)
  .map(([depth, arrays, leaf]) =>
    arrays
      ? `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`
      : `${'{"d":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`,
  );

/**
 * An array long enough to be parsed in runs: a few element texts (`elements`) repeated until the
 * array holds about `bytes` bytes, and one other element (`late`) somewhere, so that what only a
 * late element holds is found in a late run.
 */
const longArrayOf = (element: fc.Arbitrary<string>, late: fc.Arbitrary<string>) =>
  fc
    .record({
      elements: fc.array(element, { minLength: 1, maxLength: 6 }),
      separators: fc.array(
        fc.oneof(
          { weight: 4, arbitrary: fc.constant(',') },
          space.map((s) => `${s},`),
        ),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
      bytes: fc.integer({ min: 60 * 1024, max: 220 * 1024 }),
      late,
      lateAt: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ elements, separators, bytes, late, lateAt }) => {
      const all: string[] = [];
      for (let size = 2; size < bytes; ) {
        const element = elements[all.length % elements.length] as string;
        all.push(element);
        size += Buffer.byteLength(element) + 1;
      }
      all.splice(Math.floor(lateAt * all.length), 0, late);
      return `[${all.map((e, k) => (k === 0 ? e : `${separators[k % separators.length]}${e}`)).join('')}]`;
    });

/** Long arrays of any elements, mostly arrays and objects (as an import's rows and records are). */
const longArrayText = longArrayOf(
  fc.oneof(
    { weight: 3, arbitrary: valueText.filter((t) => t.startsWith('[') || t.startsWith('{')) },
    { weight: 1, arbitrary: valueText },
  ),
  valueText,
);

/** Long arrays of plain rows and records, and one late element repeating a key or poisoning a prototype. */
const lateKeyArrayText = longArrayOf(
  fc.constantFrom('["r",1,"é 𝄞"]', '{"a":1,"b":[2,{"c":null}]}', '"},{x"', '{"k":"],["}'),
  fc.constantFrom(
    '{"k":1,"k":2}',
    '[{"__proto__":0}]',
    '{"constructor":{"prototype":1}}',
    '{"é":{"x":[],"x":0}}',
  ),
);

/** A top-level member as written: its name's text and its value's text. */
export interface MemberText {
  readonly name: string;
  readonly value: string;
}

/** A JSON object body: its members' texts, the white space around each token, and a byte-order mark or not. */
export interface ObjectText {
  readonly bom: boolean;
  readonly members: readonly MemberText[];
  /** White space: before the object, after `{`, then around each member's tokens, after the object. */
  readonly spaces: readonly string[];
}

export const objectText: fc.Arbitrary<ObjectText> = fc.record({
  bom: fc.boolean(),
  members: fc.array(
    fc.record({
      name: nameText,
      value: fc.oneof(
        { weight: 4, arbitrary: valueText },
        { weight: 1, arbitrary: deepText },
        { weight: 2, arbitrary: longArrayText },
      ),
    }),
    { maxLength: 4 },
  ),
  spaces: fc.array(space, { minLength: 1, maxLength: 6 }),
});

/** An object of one long array, clean but for one element that repeats a key or poisons a prototype. */
export const lateKeyObjectText: fc.Arbitrary<ObjectText> = fc.record({
  bom: fc.boolean(),
  members: fc.tuple(fc.record({ name: stringText, value: lateKeyArrayText })),
  spaces: fc.array(space, { minLength: 1, maxLength: 6 }),
});

/** A member's place in the body: bytes offsets of its name and value. */
export interface MemberPlace extends MemberText {
  readonly nameOffset: number;
  readonly valueOffset: number;
}

/** The body's bytes and where each member lies in them. */
export function writeObject(doc: ObjectText): { bytes: Buffer; text: string; places: MemberPlace[] } {
  const s = (k: number) => doc.spaces[k % doc.spaces.length] ?? '';
  let text = `${s(0)}{${s(1)}`;
  let bytes = Buffer.byteLength(text) + (doc.bom ? 3 : 0);
  const places: MemberPlace[] = [];
  const add = (piece: string) => {
    text += piece;
    bytes += Buffer.byteLength(piece);
  };
  doc.members.forEach((member, k) => {
    if (k > 0) add(`,${s(k + 2)}`);
    const nameOffset = bytes;
    add(`${member.name}${s(k + 3)}:${s(k + 4)}`);
    const valueOffset = bytes;
    add(`${member.value}${s(k + 5)}`);
    places.push({ ...member, nameOffset, valueOffset });
  });
  add(`}${s(2)}`);
  return { bytes: Buffer.from(`${doc.bom ? '\ufeff' : ''}${text}`, 'utf8'), text, places };
}

/** Bytes a mutation puts in: JSON's delimiters, a quote, a backslash, and bytes that break UTF-8. */
const mutationByte = fc.constantFrom(
  ...[0x22, 0x5c, 0x2c, 0x3a, 0x5b, 0x5d, 0x7b, 0x7d, 0x20, 0x0a, 0x00, 0x31, 0x2d, 0x65],
  ...[0x80, 0xbf, 0xc3, 0xe2, 0xed, 0xf0, 0xff],
);

/** Where a change lands: a fraction of the body's length, or a few bytes before its end (negative). */
const place = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: -40, max: -1 }));

/**
 * One change to a body's bytes: cut it short, drop, put in or replace a byte; or drop one of the
 * three bytes of a `],[` or `},{` (where runs of array elements are cut).
 */
export const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: place }),
  fc.record({ kind: fc.constant('drop' as const), at: place }),
  fc.record({ kind: fc.constant('insert' as const), at: place, byte: mutationByte }),
  fc.record({ kind: fc.constant('replace' as const), at: place, byte: mutationByte }),
  fc.record({ kind: fc.constant('joint' as const), at: place, byte: fc.integer({ min: 0, max: 2 }) }),
);

export type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

const JOINTS = /\],\[|\},\{/g;

export function mutate(bytes: Buffer, change: Mutation): Buffer {
  const offset = (length: number) =>
    Math.max(0, Math.min(length - 1, change.at < 0 ? length + change.at : Math.floor(change.at * length)));
  let at = offset(bytes.length);
  switch (change.kind) {
    case 'truncate':
      return bytes.subarray(0, at);
    case 'drop':
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), Buffer.of(change.byte), bytes.subarray(at)]);
    case 'replace':
      return Buffer.concat([bytes.subarray(0, at), Buffer.of(change.byte), bytes.subarray(at + 1)]);
    case 'joint': {
      const joints = [...bytes.toString('latin1').matchAll(JOINTS)].map((m) => m.index);
      if (joints.length > 0) at = (joints[offset(joints.length)] as number) + change.byte;
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
    }
  }
}
