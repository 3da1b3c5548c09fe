import { MAX_EXTERNAL_ID_LENGTH, type RecordError } from '@madeup/contract';
import { type AsIs, asIsCheck } from '../model/kinds/as-is.ts';
import type { FieldKind } from '../model/kinds/index.ts';
import { checkExternalId, isExternalId, isObject, type OnError, type PlacedLeaf } from './parse-record.ts';
import type { ParseOutcome } from './parsed-record.ts';

/** A column of a columnar body whose name the entity knows: a leaf field, an object field or a reference. */
export type KnownColumn =
  | { readonly kind: 'leaf'; readonly placed: PlacedLeaf }
  | {
      readonly kind: 'object';
      readonly name: string;
      readonly leaves: readonly PlacedLeaf[];
      readonly members: ReadonlySet<string>;
    };

/** A reference column the entity knows: its position in `entity.refs`. */
export interface KnownRef {
  readonly name: string;
  readonly at: number;
  readonly required: boolean;
}

/** What the generated code calls and reads: everything it needs, none of it written into its text. */
interface Scope {
  /** Per leaf check, in the order the code meets them: the kind and the field definition. */
  readonly kinds: FieldKind[];
  readonly defs: unknown[];
  /** The kinds' `AsIs` checks, by the same index (undefined: none). */
  readonly asIs: (AsIs | undefined)[];
  /** Constant texts (field paths, messages) by index. */
  readonly texts: string[];
  /** Member-name sets of the object columns, by index. */
  readonly members: ReadonlySet<string>[];
}

/** The per-row work the interpreter in `parse-row.ts` does, for a row of the right length. */
export type RowBody = (raw: readonly unknown[], index: number) => ParseOutcome;

/**
 * The body of a columnar row parser for one list of known columns, as JavaScript made for it: one
 * statement per column in column order, each with its own call to its kind's `parse`, so every
 * call site sees one kind (the interpreter's one call site sees every kind of the model, which
 * V8 cannot inline), and the leaf's value written straight into its position. The same outcome and
 * errors, in the same order, as the interpreter (`parse-row.ts`; checked by
 * `compiled-row-parser.test.ts` on generated rows). The code holds no text from the request: names,
 * paths and messages are read from arrays by index.
 *
 * Why: validation runs for every record of every import; this is the connectors' `rowsConverter`
 * idea applied to core's side.
 */
export function compileRowBody(
  fields: readonly KnownColumn[],
  refs: readonly KnownRef[],
  leafCount: number,
  refCount: number,
  /** The interpreter's error list and callback, shared (the parser is synchronous). */
  found: RecordError[],
  error: OnError,
): RowBody {
  const scope: Scope = { kinds: [], defs: [], asIs: [], texts: [], members: [] };
  const text = (value: string) => `T[${scope.texts.push(value) - 1}]`;
  const lines: string[] = [];
  // A leaf's value `v` (never undefined) into `values[at]`, or its error.
  const leafCode = (placed: PlacedLeaf, v: string) => {
    const k = scope.kinds.push(placed.leaf.kind) - 1;
    scope.defs.push(placed.leaf.def);
    const asIs = asIsCheck(placed.leaf.kind);
    scope.asIs.push(asIs);
    const path = text(`fields.${placed.leaf.path}`);
    const onNull =
      placed.leaf.def.required === true
        ? `E(${path}, 'required', ${text(`${placed.leaf.path} is required`)});`
        : `values[${placed.at}] = null;`;
    // A value its kind's `AsIs` check keeps is stored as is, without a `Parsed` object.
    const kept = asIs === undefined ? '' : `if (A[${k}](${v}, D[${k}])) values[${placed.at}] = ${v}; else `;
    return (
      `if (${v} === null) { ${onNull} } else ${kept}{ const p = K[${k}].parse(${v}, D[${k}]); ` +
      `if (p.ok) values[${placed.at}] = p.value; else E(${path}, p.code, p.message); }`
    );
  };
  fields.forEach((column, i) => {
    const v = `raw[${1 + i}]`;
    if (column.kind === 'leaf') {
      lines.push(`{ const v = ${v}; ${leafCode(column.placed, 'v')} }`);
      return;
    }
    const m = scope.members.push(column.members) - 1;
    const nulls = column.leaves.map((l) => `values[${l.at}] = null;`).join(' ');
    const members = column.leaves
      // Own members only: an absent `constructor` or `toString` must not read Object.prototype's.
      .map((l) => {
        const member = text(l.leaf.member ?? '');
        return `{ const w = Object.hasOwn(o, ${member}) ? (o[${member}] ?? null) : null; ${leafCode(l, 'w')} }`;
      })
      .join('\n');
    lines.push(
      `{ const o = ${v};`,
      `if (o === null) { ${nulls} }`,
      `else if (!isObject(o)) E(${text(`fields.${column.name}`)}, 'invalid_type', ${text(`${column.name} must be a JSON object`)});`,
      `else { for (const key in o) if (!M[${m}].has(key)) E(${text(`fields.${column.name}.`)} + key, 'unknown_field', ${text(`${column.name} has no member `)} + key);`,
      members,
      '} }',
    );
  });
  const base = 1 + fields.length;
  refs.forEach((ref, j) => {
    const path = text(`refs.${ref.name}`);
    const onNull = ref.required
      ? `E(${path}, 'required', ${text(`${ref.name} is required`)});`
      : `refs[${ref.at}] = null;`;
    lines.push(
      `{ const r = raw[${base + j}];`,
      `if (r === null) { ${onNull} }`,
      `else if (isExternalId(r)) refs[${ref.at}] = r;`,
      `else E(${path}, 'invalid_type', ${text(INVALID_REF)}); }`,
    );
  });
  const undefineds = (n: number) => `[${new Array(n).fill('undefined').join(', ')}]`;
  const source = [
    'return function parseRow(raw, index) {',
    'found.length = 0;',
    'const externalId = checkExternalId(raw[0], E);',
    `const values = ${undefineds(leafCount)};`,
    `const refs = ${undefineds(refCount)};`,
    ...lines,
    'if (found.length > 0 || externalId === undefined)',
    "  return { ok: false, externalId: externalId ?? '', errors: found.splice(0) };",
    'return { ok: true, record: { index, externalId, values, refs } };',
    '};',
  ].join('\n');
  const make = new Function(
    'K',
    'D',
    'A',
    'T',
    'M',
    'found',
    'E',
    'checkExternalId',
    'isExternalId',
    'isObject',
    source,
  ) as (...args: unknown[]) => RowBody;
  return make(
    scope.kinds,
    scope.defs,
    scope.asIs,
    scope.texts,
    scope.members,
    found,
    error,
    checkExternalId,
    isExternalId,
    isObject,
  );
}

/** The message of a reference value that is no external id (the interpreter's). */
const INVALID_REF = `a parent external id (1..${MAX_EXTERNAL_ID_LENGTH} characters) or null`;
