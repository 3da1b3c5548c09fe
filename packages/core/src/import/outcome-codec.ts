import type { RecordError, RecordResult } from '@madeup/contract';
import type { CompiledEntity } from '../model/compiled-entity.ts';
import type { ParsedRecord } from './parsed-record.ts';
import { type Planned, planRecord } from './plan-record.ts';

/**
 * What an import stores under its `Idempotency-Key` in the tenant database: only what the request
 * cannot tell again. A replay comes with the same body (its hash is checked), so external ids, order
 * and parse rejections follow from the request, and a created record's content hash from the record
 * alone (nothing was stored before it). Kept: one outcome letter per valid record, the ids as
 * differences from the previous one (consecutive ids cost one digit), and the content hash,
 * deferred references and errors where the request does not determine them. A first import of 1000
 * records stores ~2-3 kB instead of ~110 kB of response JSON.
 */
interface CompactOutcome {
  readonly v: 2;
  /** One letter per valid record, in request order: c created, u updated, n unchanged, r rejected. */
  readonly o: string;
  /** Ids of the written records, each as the difference from the previous one ('' when none). */
  readonly i: string;
  /** Content hash by position in `o`, for records not created. */
  readonly h?: Readonly<Record<number, string>>;
  readonly d?: Readonly<Record<number, readonly string[]>>;
  readonly e?: Readonly<Record<number, readonly RecordError[]>>;
}

const LETTER = { created: 'c', updated: 'u', unchanged: 'n', rejected: 'r' } as const;
const OUTCOME = { c: 'created', u: 'updated', n: 'unchanged' } as const;

/** Encodes the outcome of the valid records (`planned`, in their order) and the ids of those created. */
export function encodeOutcome(planned: readonly Planned[], createdIds: ReadonlyMap<string, string>): string {
  let letters = '';
  const ids: string[] = [];
  const hashes: Record<number, string> = {};
  const deferred: Record<number, readonly string[]> = {};
  const errors: Record<number, readonly RecordError[]> = {};
  let previous = '0';
  for (let k = 0; k < planned.length; k++) {
    const p = planned[k] as Planned;
    letters += LETTER[p.outcome];
    if (p.outcome === 'rejected') {
      errors[k] = p.errors;
      continue;
    }
    const id = p.existing?.id ?? createdIds.get(p.externalId);
    if (id === undefined) ids.push('');
    else {
      ids.push(idDelta(id, previous));
      previous = id;
    }
    if (p.outcome !== 'created') hashes[k] = p.contentHash;
    if (p.deferred.length > 0) deferred[k] = p.deferred;
  }
  const compact: CompactOutcome = {
    v: 2,
    o: letters,
    i: ids.join(','),
    ...(Object.keys(hashes).length > 0 ? { h: hashes } : {}),
    ...(Object.keys(deferred).length > 0 ? { d: deferred } : {}),
    ...(Object.keys(errors).length > 0 ? { e: errors } : {}),
  };
  return JSON.stringify(compact);
}

/**
 * `id - previous` (two decimal ids) as decimal text: in doubles when both are under 16 digits, so
 * exact (below 2^53), else in `BigInt`s: most ids are short, and a `BigInt` per id is one more allocation.
 */
function idDelta(id: string, previous: string): string {
  if (id.length < 16 && previous.length < 16) return String(Number(id) - Number(previous));
  return String(BigInt(id) - BigInt(previous));
}

/** True when `stored` is an `encodeOutcome` string (not a whole response, as stored before). */
export function isCompactOutcome(stored: unknown): stored is CompactOutcome {
  return typeof stored === 'object' && stored !== null && (stored as { v?: unknown }).v === 2;
}

/**
 * The results of the valid records `valid` (the same request's, in order) from their stored outcome.
 * Throws when the stored outcome does not fit the request (it was checked to be the same request).
 */
export function decodeOutcome(
  entity: CompiledEntity,
  source: string,
  valid: readonly ParsedRecord[],
  stored: CompactOutcome,
): RecordResult[] {
  if (stored.o.length !== valid.length)
    throw new Error(`stored outcome of ${stored.o.length} records for a request of ${valid.length}`);
  const deltas = stored.i === '' ? [] : stored.i.split(',');
  let next = 0;
  let previous = 0n;
  // Nothing stored before a created record: its hash is the one planning it alone gives.
  const alone = { ids: new Map(), inBatch: new Set<string>(), source, deferUnresolved: true };
  return valid.map((record, k) => {
    const letter = stored.o[k] as keyof typeof OUTCOME | 'r';
    if (letter === 'r')
      return { externalId: record.externalId, outcome: 'rejected', errors: [...(stored.e?.[k] ?? [])] };
    const delta = deltas[next++];
    let id: string | undefined;
    if (delta !== undefined && delta !== '') {
      previous += BigInt(delta);
      id = String(previous);
    }
    const hash = stored.h?.[k] ?? createdHash(entity, record, alone);
    const deferred = stored.d?.[k];
    return {
      externalId: record.externalId,
      outcome: OUTCOME[letter],
      ...(id !== undefined ? { id } : {}),
      contentHash: hash,
      ...(deferred !== undefined ? { deferred: [...deferred] } : {}),
    };
  });
}

function createdHash(
  entity: CompiledEntity,
  record: ParsedRecord,
  alone: Parameters<typeof planRecord>[3],
): string {
  const planned = planRecord(entity, record, undefined, alone);
  if (planned.outcome === 'rejected') throw new Error(`stored outcome does not fit record ${record.index}`);
  return planned.contentHash;
}
