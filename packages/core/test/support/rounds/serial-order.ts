import { isProblem, type Observed, RoundModel, type Sent } from './round-model.ts';

/** What core holds after a round, as `RoundModel.records` and `RoundModel.pending` write it. */
export interface StoredState {
  readonly customers: readonly string[];
  readonly invoices: readonly string[];
  readonly pending: readonly string[];
}

/**
 * The documented answers that ask the client to retry (docs/core.md, "Errors"): such a request
 * may have taken effect or not, so the search tries it both ways.
 */
export function isRetryAnswer(observed: Observed): boolean {
  return (
    isProblem(observed, 409, 'idempotency_key_in_use') ||
    isProblem(observed, 429, 'rate_limited') ||
    isProblem(observed, 503, 'database_busy') ||
    isProblem(observed, 503, 'server_busy')
  );
}

/** A serial order the round is equivalent to, or why none is. */
export type SerialOrder =
  | { readonly ok: true; readonly order: readonly string[]; readonly model: RoundModel }
  | { readonly ok: false; readonly why: string };

/**
 * Tries every order of the round's requests (a request answered with a retry status also as not
 * run): the order fits when each response is the one the model gives at its turn and the final
 * state is `stored`. Depth-first, cut at the first response that does not fit.
 */
export function findSerialOrder(start: RoundModel, sent: readonly Sent[], stored: StoredState): SerialOrder {
  const failed = sent.map((s) => isRetryAnswer(s.observed));
  const reusedElsewhere = sent.map((s, i) =>
    sent.some(
      (o, j) => j !== i && failed[j] && o.key !== undefined && o.key === s.key && o.signature !== s.signature,
    ),
  );
  let best = { depth: -1, why: 'no order tried' };
  const visit = (model: RoundModel, placed: string[], left: readonly number[]): SerialOrder | undefined => {
    if (left.length === 0) {
      const why = stateDiff(model, stored);
      if (why === undefined) return { ok: true, order: placed, model };
      if (placed.length >= best.depth)
        best = { depth: placed.length, why: `order ${placed.join(' ')}: ${why}` };
      return undefined;
    }
    for (const i of left) {
      const rest = left.filter((j) => j !== i);
      const s = sent[i] as Sent;
      if (failed[i]) {
        const ran = new RoundModel(model);
        ran.applyUnchecked(s);
        const found =
          visit(ran, [...placed, `#${i}(ran)`], rest) ?? visit(model, [...placed, `#${i}(not run)`], rest);
        if (found !== undefined) return found;
        continue;
      }
      const next = new RoundModel(model);
      const why = next.step(s, reusedElsewhere[i] === true);
      if (why !== undefined) {
        if (placed.length >= best.depth)
          best = { depth: placed.length, why: `order ${[...placed, `#${i}`].join(' ')}: #${i} ${why}` };
        continue;
      }
      const found = visit(next, [...placed, `#${i}`], rest);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return (
    visit(
      start,
      [],
      sent.map((_, i) => i),
    ) ?? { ok: false, why: `no serial order fits; the one that went furthest: ${best.why}` }
  );
}

function stateDiff(model: RoundModel, stored: StoredState): string | undefined {
  const want = {
    customers: model.records('customers'),
    invoices: model.records('invoices'),
    pending: model.pending(),
  };
  const diffs: string[] = [];
  for (const part of ['customers', 'invoices', 'pending'] as const)
    if (want[part].join('|') !== stored[part].join('|'))
      diffs.push(`${part} stored [${stored[part].join(', ')}], model [${want[part].join(', ')}]`);
  return diffs.length === 0 ? undefined : diffs.join('; ');
}
