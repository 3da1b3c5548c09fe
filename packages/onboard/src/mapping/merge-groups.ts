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
  const parent = candidates.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[i] !== root) {
      const next = parent[i]!;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  const firstWithKey = new Map<string, number>();
  candidates.forEach((candidate, i) => {
    for (const key of candidate.keys) {
      const first = firstWithKey.get(key);
      if (first === undefined) firstWithKey.set(key, i);
      else {
        const a = find(first);
        const b = find(i);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const roots = candidates.map((_, i) => find(i));
  const sizes = new Map<number, number>();
  for (const root of roots) sizes.set(root, (sizes.get(root) ?? 0) + 1);
  const byRoot = new Map<number, MergeCandidate[]>();
  candidates.forEach((candidate, i) => {
    const root = roots[i]!;
    if (sizes.get(root) === 1) return;
    const list = byRoot.get(root);
    if (list) list.push(candidate);
    else byRoot.set(root, [candidate]);
  });
  const groups: DuplicateGroup[] = [];
  for (const members of byRoot.values()) {
    if (members.length < 2) continue;
    const latestFirst = [...members].sort((a, b) => compareOrder(b.order, a.order) || compareIds(b.id, a.id));
    const survivor = members.map((m) => m.id).sort(compareIds)[0]!;
    const changed = members.filter((m) => m.changed).map((m) => m.id);
    const emitter = changed.includes(survivor) ? survivor : (changed.sort(compareIds)[0] ?? null);
    groups.push({ survivor, members: latestFirst.map((m) => m.id), emitter });
  }
  return groups.sort((a, b) => compareIds(a.survivor, b.survivor));
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
