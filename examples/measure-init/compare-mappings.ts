// Compares a drafted mapping with a hand-written one, item by item: each field (each member of an
// object field), each reference and each external id of the hand-written mapping is `right` when
// the draft fills it from one of the same source columns, `wrong` when from others only, `missed`
// when the draft leaves it out; items the hand-written mapping fills from no column (constants)
// are `constant` and not counted. Conversions are not compared: `{ trim: X }` and `X` agree.

const CONDITION_LISTS = new Set(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'matches']);
const SKIP = new Set(['const', 'values', 'table', 'format', 'separator', 'timezone', 'pattern', 'with']);

export type Verdict = 'right' | 'wrong' | 'missed' | 'constant';

export interface ItemVerdict {
  readonly entity: string;
  readonly item: string;
  readonly verdict: Verdict;
  readonly hand: readonly string[];
  readonly draft: readonly string[];
}

export interface Comparison {
  readonly items: readonly ItemVerdict[];
  readonly right: number;
  readonly wrong: number;
  readonly missed: number;
  /** Items the draft fills that the hand-written mapping leaves out. */
  readonly extra: readonly string[];
  /** Entities whose stream the draft chose as the hand-written mapping did / otherwise / not at all. */
  readonly streams: { readonly right: number; readonly wrong: number; readonly missed: number };
}

type Doc = { entities?: Record<string, Record<string, unknown>> };

/** Stream names: spelling and schema (`public.`) ignored. */
const fold = (name: string) =>
  name
    .toLowerCase()
    .replace(/[_\- ]/g, '')
    .replace(/^.*\./, '');
/** Column names: spelling ignored; a joined column keeps its alias (`city.name` is not `country.name`). */
const foldColumn = (name: string) => name.toLowerCase().replace(/[_\- ]/g, '');

/**
 * The columns a draft's item reads: those it names, and for a joined column (`genre.Name`) the
 * columns its join follows from the entity's own row (`GenreId`): the draft reads the genre's name
 * through the same source column a hand-written lookup of `GenreId` reads.
 */
function draftColumns(value: unknown, entity: Record<string, unknown>): string[] {
  const joins = (entity.joins ?? {}) as Record<string, { on: string | string[] }>;
  const out: string[] = [];
  const add = (column: string) => {
    out.push(column);
    const alias = column.includes('.') ? column.slice(0, column.indexOf('.')) : undefined;
    const join = alias !== undefined ? joins[alias] : undefined;
    if (join) for (const on of Array.isArray(join.on) ? join.on : [join.on]) add(on);
  };
  for (const column of columnsOf(value)) add(column);
  return out;
}

/** The source columns an expression, template or condition reads. */
export function columnsOf(node: unknown): string[] {
  if (typeof node === 'string') {
    const braces = [...node.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
    return node.includes('{') ? braces : [node];
  }
  if (Array.isArray(node)) return node.flatMap(columnsOf);
  if (node === null || typeof node !== 'object') return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (SKIP.has(key)) continue;
    if (key === 'when' && Array.isArray(value)) out.push(...value.flatMap((b) => columnsOf(b)));
    else if (CONDITION_LISTS.has(key) && Array.isArray(value)) out.push(...columnsOf(value[0]));
    else if (key === 'keep' && Array.isArray(value)) out.push(...value.map(String));
    else if (key === 'lookup') out.push(...columnsOf(value));
    else out.push(...columnsOf(value));
  }
  return out;
}

/** `fields` flattened: object fields given as members become one item per member. */
function items(entity: Record<string, unknown>, objectFields: ReadonlySet<string>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  out.set('id', entity.id);
  for (const [name, value] of Object.entries((entity.fields ?? {}) as Record<string, unknown>)) {
    const members =
      objectFields.has(name) &&
      value !== null &&
      typeof value === 'object' &&
      !('object' in value) &&
      !('hook' in value);
    if (members)
      for (const [member, inner] of Object.entries(value as object)) out.set(`${name}.${member}`, inner);
    else out.set(name, value);
  }
  for (const [name, value] of Object.entries((entity.refs ?? {}) as Record<string, unknown>))
    out.set(`refs.${name}`, value);
  return out;
}

export function compareMappings(hand: Doc, draft: Doc, objectFields: ReadonlySet<string>): Comparison {
  const verdicts: ItemVerdict[] = [];
  const extra: string[] = [];
  const streams = { right: 0, wrong: 0, missed: 0 };
  for (const [entity, handEntity] of Object.entries(hand.entities ?? {})) {
    const draftEntity = draft.entities?.[entity];
    const handStream = typeof handEntity.stream === 'string' ? fold(handEntity.stream) : undefined;
    if (!draftEntity) streams.missed++;
    else if (handStream !== undefined && fold(String(draftEntity.stream)) === handStream) streams.right++;
    else streams.wrong++;
    const drafted = draftEntity ? items(draftEntity, objectFields) : new Map<string, unknown>();
    for (const [item, value] of items(handEntity, objectFields)) {
      const handColumns = columnsOf(value).map(foldColumn);
      const draftRead = drafted.has(item)
        ? draftColumns(drafted.get(item), draftEntity!).map(foldColumn)
        : [];
      const verdict: Verdict =
        handColumns.length === 0
          ? 'constant'
          : !drafted.has(item)
            ? 'missed'
            : draftRead.some((c) => handColumns.includes(c)) &&
                draftEntity?.stream !== undefined &&
                fold(String(draftEntity.stream)) === handStream
              ? 'right'
              : 'wrong';
      verdicts.push({ entity, item, verdict, hand: handColumns, draft: draftRead });
    }
    const handItems = items(handEntity, objectFields);
    for (const item of drafted.keys()) if (!handItems.has(item)) extra.push(`${entity}.${item}`);
  }
  const count = (v: Verdict) => verdicts.filter((x) => x.verdict === v).length;
  return {
    items: verdicts,
    right: count('right'),
    wrong: count('wrong'),
    missed: count('missed'),
    extra,
    streams,
  };
}
