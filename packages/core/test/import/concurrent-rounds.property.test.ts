import { describeEachDialect, fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { useCore } from '../support/core-fixture.ts';
import { readStored, sendAtOnce } from '../support/rounds/round-http.ts';
import { isProblem, RoundModel, type Sent } from '../support/rounds/round-model.ts';
import { type RoundOp, roundsArb } from '../support/rounds/round-requests.ts';
import { findSerialOrder, isRetryAnswer } from '../support/rounds/serial-order.ts';

/** Default cases per dialect: each is 1-3 rounds of 2-6 requests sent at once. */
const RUNS = { sqlite: 20, postgres: 10, mysql: 10 } as const;

/** A round's requests and answers, for a failure message. */
function roundText(sent: readonly Sent[]): string {
  return sent
    .map((s, i) => {
      const { op } = s;
      const what =
        op.kind === 'delete'
          ? `delete ${op.entity} [${op.ids.join(',')}]`
          : `import ${op.entity} v${op.version} [${op.records.map((r) => (r.parent === undefined ? r.id : `${r.id}->${r.parent}`)).join(',')}]${op.defer ? ' defer' : ''}`;
      return `  #${i} ${what}${op.dryRun ? ' dryRun' : ''}${s.key === undefined ? '' : ` key ${s.key}`}: ${s.observed.status}${s.observed.replayed ? ' replayed' : ''} ${s.observed.text.slice(0, 400)}`;
    })
    .join('\n');
}

/** Every answer is a 200, a 422 for a reused key, or a documented retry answer with Retry-After. */
function expectDocumentedStatus(sent: Sent & { retryAfter: string | undefined }, text: string): void {
  const { observed } = sent;
  if (observed.status === 200 || isProblem(observed, 422, 'idempotency_key_reused')) return;
  expect(isRetryAnswer(observed), `undocumented answer:\n${text}`).toBe(true);
  expect(sent.retryAfter, `retry answer without Retry-After:\n${text}`).toBeDefined();
}

/** Each record id an answer gives is the id the record is stored under (ids never change). */
function expectStoredIds(sent: readonly Sent[], ids: ReadonlyMap<string, string>, text: string): void {
  for (const s of sent) {
    if (s.observed.status !== 200 || s.op.kind !== 'import') continue;
    const { results } = JSON.parse(s.observed.text) as {
      results: { externalId: string; outcome: string; id?: string }[];
    };
    for (const r of results) {
      if (r.outcome === 'rejected') continue;
      const stored = ids.get(`${s.op.entity}/${r.externalId}`);
      const want = s.op.dryRun && r.outcome === 'created' ? undefined : stored;
      expect(r.id, `${s.op.entity} ${r.externalId}: answered id ${r.id}, stored ${stored}\n${text}`).toBe(
        want,
      );
    }
  }
}

describeEachDialect('concurrent import rounds (property)', (target) => {
  // Room for every request of a round in flight at once.
  const fixture = useCore(target, { tenantPool: { max: 6, idleMs: 30_000 } });
  const dialect = target.name as keyof typeof RUNS;

  it(
    'ends each round as some serial order of its requests, answering each as that order does',
    async () => {
      const tenant = await fixture().shared();
      const { url } = fixture().core;
      let cases = 0;
      await fc.assert(
        fc.asyncProperty(roundsArb, async (rounds: RoundOp[][]) => {
          const source = `cr${cases++}-${Math.random().toString(36).slice(2, 8)}`;
          let model = new RoundModel();
          for (const [n, round] of rounds.entries()) {
            const sent = await sendAtOnce(url, tenant.token, source, round);
            const text = `round ${n} of source ${source}:\n${roundText(sent)}`;
            for (const s of sent) expectDocumentedStatus(s, text);
            const stored = await readStored(url, tenant.token, source);
            expect(stored.twice, `listed twice:\n${text}`).toEqual([]);
            const found = findSerialOrder(model, sent, stored.state);
            expect(
              found.ok,
              `${found.ok ? '' : found.why}\nstored: ${JSON.stringify(stored.state)}\n${text}`,
            ).toBe(true);
            expectStoredIds(sent, stored.ids, text);
            if (found.ok) model = found.model;
          }
        }),
        fuzzOptions(RUNS[dialect]),
      );
    },
    fuzzTimeout(RUNS[dialect]),
  );
});
