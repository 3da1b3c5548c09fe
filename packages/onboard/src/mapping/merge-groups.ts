import type { ImportRecord } from '@madeup/contract';
import type { Survivorship } from './compile-merge.ts';
import { isBlank } from './expressions/text-value.ts';

/**
 * Pure duplicate grouping and survivorship (the pipeline reads the rows, the executor applies the
 * outcome). Deterministic: the same rows give the same groups, survivors and records in any order.
 */

/** One transformed row of an entity with a merge rule. */
export interface MergeCandidate {
  readonly id: string;
  readonly keys: readonly string[];
  readonly order: unknown;
  /** Past the incremental watermark (always true in a full run). */
  readonly changed: boolean;
}

/** Records found to be one. */
export interface DuplicateGroup {
  /** The id the merged record keeps: the group's smallest (numbers as numbers), so it never moves. */
  readonly survivor: string;
  /** Every member, survivor included, sorted latest first (ties: larger id first). */
  readonly members: readonly string[];
  /** The member whose row sends the merged record in this run; null when no member changed. */
  readonly emitter: string | null;
}

const DIGITS = /^-?\d{1,15}$/;

/** Ids in a stable order: numbers numerically, else as text. */
export function compareIds(a: string, b: string): number {
  if (DIGITS.test(a) && DIGITS.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders `order` values: null first, numbers numerically, else as text (ISO timestamps sort right). */
export function compareOrder(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Groups candidates that share a key, transitively (union-find); only groups of two or more. */
export function groupDuplicates(candidates: readonly MergeCandidate[]): DuplicateGroup[] {
  const grouping = new DuplicateGrouping();
  for (const candidate of candidates) grouping.add(candidate);
  return grouping.groups();
}

/**
 * `groupDuplicates` fed one candidate at a time, as a stream is read: it keeps per candidate its
 * id, order, changed flag and union-find parent, and each distinct key once (not the candidate
 * objects and their key arrays), so a stream of 100,000 rows holds a few MiB instead of tens.
 */
export class DuplicateGrouping {
  readonly #ids: string[] = [];
  readonly #orders: unknown[] = [];
  readonly #changed: boolean[] = [];
  #parent = new Int32Array(1024);
  /** Each key, and the first candidate that had it. */
  readonly #firstWithKey = new Map<string, number>();

  add(candidate: MergeCandidate): void {
    const i = this.#ids.length;
    this.#ids.push(candidate.id);
    this.#orders.push(candidate.order);
    this.#changed.push(candidate.changed);
    if (i === this.#parent.length) {
      const grown = new Int32Array(i * 2);
      grown.set(this.#parent);
      this.#parent = grown;
    }
    this.#parent[i] = i;
    for (const key of candidate.keys) {
      const first = this.#firstWithKey.get(key);
      if (first === undefined) this.#firstWithKey.set(key, i);
      else {
        const a = this.#find(first);
        const b = this.#find(i);
        if (a !== b) this.#parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }

  /** The groups of two or more, by survivor. */
  groups(): DuplicateGroup[] {
    const count = this.#ids.length;
    const roots = new Int32Array(count);
    const sizes = new Int32Array(count);
    for (let i = 0; i < count; i += 1) {
      const root = this.#find(i);
      roots[i] = root;
      sizes[root] = (sizes[root] as number) + 1;
    }
    const byRoot = new Map<number, MergeCandidate[]>();
    for (let i = 0; i < count; i += 1) {
      const root = roots[i] as number;
      if ((sizes[root] as number) < 2) continue;
      const candidate = {
        id: this.#ids[i] as string,
        keys: [],
        order: this.#orders[i],
        changed: this.#changed[i] as boolean,
      };
      const list = byRoot.get(root);
      if (list) list.push(candidate);
      else byRoot.set(root, [candidate]);
    }
    const groups: DuplicateGroup[] = [];
    for (const members of byRoot.values()) {
      const latestFirst = [...members].sort(
        (a, b) => compareOrder(b.order, a.order) || compareIds(b.id, a.id),
      );
      const survivor = members.map((m) => m.id).sort(compareIds)[0]!;
      const changed = members.filter((m) => m.changed).map((m) => m.id);
      const emitter = changed.includes(survivor) ? survivor : (changed.sort(compareIds)[0] ?? null);
      groups.push({ survivor, members: latestFirst.map((m) => m.id), emitter });
    }
    return groups.sort((a, b) => compareIds(a.survivor, b.survivor));
  }

  #find(i: number): number {
    const parent = this.#parent;
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[i] !== root) {
      const next = parent[i] as number;
      parent[i] = root;
      i = next;
    }
    return root;
  }
}

const empty = (value: unknown): boolean =>
  isBlank(value) ||
  (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(empty));

/**
 * The merged record of a group under the survivor's id: `latest` keeps the latest member's fields
 * and references whole; `firstNonEmpty` takes each field (an address as one value) and reference
 * from the latest member that has it non-empty. `records` are latest first, as the group lists them.
 */
export function survivingRecord(
  survivor: string,
  records: readonly ImportRecord[],
  survivorship: Survivorship,
): ImportRecord {
  const latest = records[0]!;
  if (survivorship === 'latest') return { ...latest, externalId: survivor };
  const pick = (part: 'fields' | 'refs'): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const record of records)
      for (const [name, value] of Object.entries(record[part] ?? {}))
        if (!(name in out) || (empty(out[name]) && !empty(value))) out[name] = value;
    return out;
  };
  const refs = pick('refs') as Record<string, string | null>;
  return {
    externalId: survivor,
    fields: pick('fields'),
    ...(latest.refs !== undefined || Object.keys(refs).length > 0 ? { refs } : {}),
  };
}
