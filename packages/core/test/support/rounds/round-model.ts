import { isDeepStrictEqual } from 'node:util';
import { lastNameOf, type RoundEntity, type RoundOp, totalOf } from './round-requests.ts';

/** A record as the model holds it. */
interface Held {
  readonly version: number;
  readonly parent?: string | undefined;
  deleted: boolean;
}

/** A response as the round received it. */
export interface Observed {
  readonly status: number;
  readonly text: string;
  /** The `idempotent-replayed` header was `true`. */
  readonly replayed: boolean;
}

/** One request of a round: what was sent and what came back. */
export interface Sent {
  readonly op: RoundOp;
  readonly key?: string | undefined;
  /** Method, path and body: what an `Idempotency-Key` is bound to. */
  readonly signature: string;
  readonly observed: Observed;
}

/**
 * What the docs say one source of one tenant holds (docs/core.md, "Import semantics",
 * "Idempotency keys"): customers and invoices by external id, soft-deleted ones too, and the
 * responses stored under each key. Written from the docs, not from core's code.
 */
export class RoundModel {
  readonly #records: Record<RoundEntity, Map<string, Held>>;
  readonly #keys: Map<string, { signature: string; response: unknown }>;

  constructor(from?: RoundModel) {
    const copy = (m: Map<string, Held> | undefined) =>
      new Map([...(m ?? [])].map(([id, held]) => [id, { ...held }]));
    const records = from === undefined ? undefined : from.#records;
    this.#records = { customers: copy(records?.customers), invoices: copy(records?.invoices) };
    this.#keys = new Map(from === undefined ? [] : from.#keys);
  }

  /**
   * Checks `sent`'s response against this state (undefined when consistent, else what differs) and
   * applies its effect. `reusedElsewhere`: another request of the round held the key with another
   * body and failed, so a 422 is also a right answer.
   */
  step(sent: Sent, reusedElsewhere: boolean): string | undefined {
    const held = sent.key === undefined ? undefined : this.#keys.get(sent.key);
    const { observed } = sent;
    if (held !== undefined && held.signature !== sent.signature)
      return isProblem(observed, 422, 'idempotency_key_reused')
        ? undefined
        : `expected 422 idempotency_key_reused (key ${sent.key} holds another request)`;
    if (observed.status === 422 && reusedElsewhere && isProblem(observed, 422, 'idempotency_key_reused'))
      return undefined;
    if (observed.status !== 200) return `expected 200, got ${observed.status}`;
    const body = JSON.parse(observed.text) as unknown;
    if (held !== undefined) {
      if (!observed.replayed) return `expected a replay of key ${sent.key} (idempotent-replayed: true)`;
      return isDeepStrictEqual(body, held.response)
        ? undefined
        : `replay differs from the response stored under ${sent.key}`;
    }
    if (observed.replayed) return 'marked replayed, but the key held nothing in this order';
    const expected = this.apply(sent.op);
    const answer = body as AnswerBody;
    const seen = (answer.results ?? []).map(describeResult);
    if (!isDeepStrictEqual(seen, expected))
      return `results ${seen.join(', ')}; expected ${expected.join(', ')}`;
    const head = { entity: answer.entity, dryRun: answer.dryRun, counts: answer.counts };
    const want = { entity: sent.op.entity, dryRun: sent.op.dryRun, counts: countsOf(sent.op, expected) };
    if (!isDeepStrictEqual(head, want))
      return `answered ${JSON.stringify(head)}; expected ${JSON.stringify(want)}`;
    if (sent.key !== undefined) this.#keys.set(sent.key, { signature: sent.signature, response: body });
    return undefined;
  }

  /** Applies a request whose answer was a retry status, which may or may not have run (503 after commit). */
  applyUnchecked(sent: Sent): void {
    if (sent.key !== undefined && this.#keys.has(sent.key)) return;
    this.apply(sent.op);
  }

  /**
   * Applies `op` (unless a dry run) and returns each record's expected result, as `describeResult`
   * writes it: `c1 created`, `i1 created deferred`, `i2 rejected unresolved_reference`.
   */
  apply(op: RoundOp): string[] {
    const records = this.#records[op.entity];
    if (op.kind === 'delete')
      return op.ids.map((id) => {
        const held = records.get(id);
        if (held === undefined) return `${id} not_found`;
        if (held.deleted) return `${id} unchanged`;
        if (!op.dryRun) held.deleted = true;
        return `${id} deleted`;
      });
    return op.records.map(({ id, parent }) => {
      // A soft-deleted parent is still a parent (docs/core.md: lookups return soft-deleted ids).
      const missing = parent !== undefined && !this.#records.customers.has(parent);
      if (missing && !op.defer) return `${id} rejected unresolved_reference`;
      const held = records.get(id);
      const outcome =
        held === undefined
          ? 'created'
          : held.deleted || held.version !== op.version || held.parent !== parent
            ? 'updated'
            : 'unchanged';
      if (!op.dryRun) records.set(id, { version: op.version, parent, deleted: false });
      return `${id} ${outcome}${missing ? ' deferred' : ''}`;
    });
  }

  /** The records of `entity` as `storedState` writes them: `id content [deleted]`, sorted. */
  records(entity: RoundEntity): string[] {
    return [...this.#records[entity]]
      .map(([id, held]) => describeStored(id, contentOf(entity, held.version, held.parent), held.deleted))
      .sort();
  }

  /** The pending references: invoices (deleted ones too) whose customer never came, as `i1->c4`. */
  pending(): string[] {
    return [...this.#records.invoices]
      .filter(([, held]) => held.parent !== undefined && !this.#records.customers.has(held.parent))
      .map(([id, held]) => `${id}->${held.parent}`)
      .sort();
  }
}

/** The members of an import or delete response the model checks. */
interface AnswerBody {
  readonly entity?: string;
  readonly dryRun?: boolean;
  readonly counts?: Record<string, number>;
  readonly results?: { externalId: string; outcome: string }[];
}

/** The `counts` of a response whose results are `expected` (as `apply` writes them). */
function countsOf(op: RoundOp, expected: readonly string[]): Record<string, number> {
  const counts: Record<string, number> =
    op.kind === 'delete'
      ? { deleted: 0, unchanged: 0, not_found: 0 }
      : { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const e of expected) {
    const outcome = e.split(' ')[1] ?? '';
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  return counts;
}

/** A record's content as compared: a customer's last name, an invoice's total and customer. */
export function contentOf(entity: RoundEntity, version: number, parent?: string | null): string {
  return entity === 'customers' ? lastNameOf(version) : `${totalOf(version)}/${parent}`;
}

export function describeStored(id: string, content: string, deleted: boolean): string {
  return `${id} ${content}${deleted ? ' deleted' : ''}`;
}

/** One result of an import or delete response, as `RoundModel.apply` writes its expectation. */
function describeResult(r: {
  externalId: string;
  outcome: string;
  deferred?: readonly string[];
  errors?: readonly { code: string }[];
}): string {
  if (r.outcome === 'rejected')
    return `${r.externalId} rejected ${(r.errors ?? []).map((e) => e.code).join('+')}`;
  const deferred = r.deferred ?? [];
  return `${r.externalId} ${r.outcome}${deferred.length > 0 ? ` deferred${deferred.length > 1 || deferred[0] !== 'customer' ? `(${deferred.join(',')})` : ''}` : ''}`;
}

/** Whether `observed` is the problem `code` with `status`. */
export function isProblem(observed: Observed, status: number, code: string): boolean {
  if (observed.status !== status) return false;
  try {
    return (JSON.parse(observed.text) as { code?: unknown }).code === code;
  } catch {
    return false;
  }
}
