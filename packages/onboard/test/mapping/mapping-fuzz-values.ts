import fc from 'fast-check';

/**
 * Generators and helpers of the mapping fuzz: hostile values, structural mutations of a mapping
 * document (plain data) and textual mutations of its YAML. The lists of codes and operator names
 * are copied from docs/mappings.md, not imported, so the properties do not ask the code under test
 * what it should do.
 */

export type Path = readonly (string | number)[];

/** docs/mappings.md, "Checking a mapping": every code a check reports. */
export const DOCUMENTED_CODES = [
  'syntax',
  'invalid_mapping',
  'unknown_entity',
  'unknown_field',
  'unknown_reference',
  'missing_required_field',
  'type_mismatch',
  'unknown_stream',
  'unknown_column',
  'ambiguous_name',
  'unsupported_type',
  'unfilled_reference_target',
  'unknown_hook',
  'unknown_lookup',
  'bad_expression',
];

/** docs/mappings.md, "Expressions": every operator. */
export const DOCUMENTED_OPERATORS = [
  'column',
  'const',
  'template',
  'coalesce',
  'nullIf',
  'trim',
  'upper',
  'lower',
  'titleCase',
  'split',
  'join',
  'replace',
  'number',
  'integer',
  'decimal',
  'boolean',
  'date',
  'timestamp',
  'add',
  'subtract',
  'multiply',
  'divide',
  'round',
  'addDays',
  'addMonths',
  'daysBetween',
  'when',
  'lookup',
  'object',
  'keep',
  'hook',
];

/** docs/mappings.md, "Conditions and `when`". */
export const DOCUMENTED_CONDITIONS = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'matches',
  'isNull',
  'notNull',
  'isBlank',
  'and',
  'or',
  'not',
];

/** Names an object has without owning them, and other names code tends to trip on. */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'];

/** Hostile names: prototype names, dots, braces, unicode, blanks, numbers as text. */
export const hostileName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    ...PROTOTYPE_NAMES,
    'a.b',
    'fields.email',
    '{x}',
    '{',
    '}}',
    '',
    ' ',
    '\t',
    'ñame',
    '名前',
    '😀',
    '0',
    '-1',
    'null',
    'true',
    '~',
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

/** A plain map with own keys only (a `__proto__` key included), as YAML reading gives. */
const ownMap = (entries: readonly (readonly [string, unknown])[]): Record<string, unknown> =>
  Object.fromEntries(entries);

/** `{op: {op: … inner …}}` nested `depth` deep, built without recursion. */
export function nested(op: string, depth: number, inner: unknown): unknown {
  let value = inner;
  for (let i = 0; i < depth; i++) value = ownMap([[op, value]]);
  return value;
}

/** Values of every wrong type and size, expressions with unknown operators and wrong arity. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      1e308,
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      2 ** 53 + 1,
    ),
    hostileName,
    fc.constantFrom(
      'x'.repeat(100_000),
      '{'.repeat(500),
      '{a}'.repeat(2_000),
      'FirstName',
      '{FirstName}',
      '{{x}}',
    ),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(hostileName, tie('value')), { maxLength: 4 }).map(ownMap),
    fc
      .tuple(fc.oneof(fc.constantFrom(...DOCUMENTED_OPERATORS), hostileName), tie('value'))
      .map(([op, arg]) => ownMap([[op, arg]])),
    fc
      .tuple(fc.constantFrom(...DOCUMENTED_CONDITIONS), fc.array(tie('value'), { maxLength: 4 }))
      .map(([op, args]) => ownMap([[op, args]])),
    fc
      .tuple(fc.constantFrom('trim', 'not', 'coalesce', 'lower'), fc.integer({ min: 1, max: 200 }))
      .map(([op, depth]) => nested(op, depth, 'FirstName')),
  ),
})).value;

/** A deep copy of plain data, keeping own `__proto__` keys as own keys. */
export function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (value !== null && typeof value === 'object')
    return ownMap(Object.entries(value).map(([key, child]) => [key, copy(child)]));
  return value;
}

/** Every path of a document (the root first), at most `limit` of them. */
export function allPaths(data: unknown, limit = 5_000): Path[] {
  const out: Path[] = [];
  const stack: { value: unknown; path: Path }[] = [{ value: data, path: [] }];
  while (stack.length > 0 && out.length < limit) {
    const { value, path } = stack.pop()!;
    out.push(path);
    if (Array.isArray(value))
      for (const [i, child] of value.entries()) stack.push({ value: child, path: [...path, i] });
    else if (value !== null && typeof value === 'object')
      for (const [key, child] of Object.entries(value)) stack.push({ value: child, path: [...path, key] });
  }
  return out;
}

/** The value at a path, own keys only; `found` false when some step is missing. */
export function valueAt(data: unknown, path: Path): { found: boolean; value?: unknown } {
  let node = data;
  for (const step of path) {
    if (Array.isArray(node) && typeof step === 'number' && step >= 0 && step < node.length) node = node[step];
    else if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, step))
      node = (node as Record<string, unknown>)[String(step)];
    else return { found: false };
  }
  return { found: true, value: node };
}

/** One structural change at a path of a copy of the document. */
export type Mutation =
  | { readonly kind: 'delete' }
  | { readonly kind: 'replace'; readonly value: unknown }
  | { readonly kind: 'rename'; readonly name: string }
  | { readonly kind: 'duplicate'; readonly name: string }
  | { readonly kind: 'wrap'; readonly op: string };

export const mutationArb: fc.Arbitrary<{ at: number; mutation: Mutation }> = fc.record({
  at: fc.nat(),
  mutation: fc.oneof(
    fc.constant<Mutation>({ kind: 'delete' }),
    hostileValue.map((value): Mutation => ({ kind: 'replace', value })),
    hostileName.map((name): Mutation => ({ kind: 'rename', name })),
    hostileName.map((name): Mutation => ({ kind: 'duplicate', name })),
    fc
      .oneof(fc.constantFrom(...DOCUMENTED_OPERATORS), hostileName)
      .map((op): Mutation => ({ kind: 'wrap', op })),
  ),
});

/** Applies a mutation in place at the `at`-th path (modulo their number); the root is replaced. */
export function mutate(data: unknown, at: number, mutation: Mutation): unknown {
  const paths = allPaths(data);
  const path = paths[at % paths.length]!;
  if (path.length === 0) return mutation.kind === 'replace' ? mutation.value : data;
  const parent = valueAt(data, path.slice(0, -1)).value as Record<string, unknown> | unknown[];
  const key = path[path.length - 1]!;
  const current = valueAt(data, path).value;
  if (Array.isArray(parent)) {
    const i = key as number;
    if (mutation.kind === 'delete') parent.splice(i, 1);
    else if (mutation.kind === 'replace') parent[i] = mutation.value;
    else if (mutation.kind === 'duplicate' || mutation.kind === 'rename') parent.splice(i, 0, copy(current));
    else parent[i] = ownMap([[mutation.op, current]]);
    return data;
  }
  const map = parent as Record<string, unknown>;
  if (mutation.kind === 'delete') delete map[key as string];
  else if (mutation.kind === 'replace') put(map, String(key), mutation.value);
  else if (mutation.kind === 'wrap') put(map, String(key), ownMap([[mutation.op, current]]));
  else {
    if (mutation.kind === 'rename') delete map[key as string];
    put(map, mutation.name, copy(current));
  }
  return data;
}

/** Sets an own key, `__proto__` included (an assignment would set the prototype). */
function put(map: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Text that trips YAML readers: indicators, anchors, aliases, tags, directives, tabs, BOMs, NUL. */
const yamlNoise = fc.constantFrom(
  '&a ',
  '*a',
  '*undefined_anchor',
  '&x [*x]',
  '!!omap ',
  '!!set ',
  '!!binary ',
  '!!timestamp ',
  '!foo ',
  '!!str ',
  '%YAML 1.1\n---\n',
  '---\n',
  '...\n',
  '<<: *a\n',
  '? ',
  ': ',
  '- ',
  '{',
  '}',
  '[',
  ']',
  ',',
  '#',
  '|',
  '>',
  '"',
  "'",
  '\t',
  '\n',
  '\r\n',
  '\r',
  '\u00a0',
  '\ufeff',
  '\u0000',
  '\u2028',
  '\ud800',
  '\\',
  '@',
  '`',
  '%',
);

/** A text edit that prints as what it does in a counterexample. */
function edit(name: string, apply: (text: string) => string): (text: string) => string {
  return Object.assign(apply, { [fc.toStringMethod]: () => name });
}

/** Inserts, deletes, truncates or repeats a part of the text. */
export const textEditArb: fc.Arbitrary<(text: string) => string> = fc.oneof(
  fc.tuple(fc.nat(), fc.oneof(yamlNoise, fc.string({ unit: 'binary', maxLength: 6 }))).map(([at, insert]) =>
    edit(`insert(${at}, ${JSON.stringify(insert)})`, (text) => {
      const start = at % (text.length + 1);
      return text.slice(0, start) + insert + text.slice(start);
    }),
  ),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40 })).map(([at, length]) =>
    edit(`delete(${at}, ${length})`, (text) => {
      const start = at % (text.length + 1);
      return text.slice(0, start) + text.slice(start + length);
    }),
  ),
  fc.nat().map((at) => edit(`truncate(${at})`, (text) => text.slice(0, at % (text.length + 1)))),
  fc.nat().map((at) =>
    edit(`repeatLine(${at})`, (text) => {
      const lines = text.split('\n');
      const i = at % lines.length;
      return [...lines.slice(0, i + 1), ...lines.slice(i)].join('\n');
    }),
  ),
);
