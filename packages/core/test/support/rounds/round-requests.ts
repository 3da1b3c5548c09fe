import fc from 'fast-check';

/** The two entities the rounds touch: customers, and invoices referring to them by external id. */
export type RoundEntity = 'customers' | 'invoices';

/** One record of an import: its external id and, for an invoice, its customer's external id. */
export interface RoundRecord {
  readonly id: string;
  readonly parent?: string;
}

/** One request of a round, as the model reads it. */
export type RoundOp =
  | {
      readonly kind: 'import';
      readonly entity: RoundEntity;
      readonly records: readonly RoundRecord[];
      /** Picks the content: a customer's `lastName`, an invoice's `total`. */
      readonly version: number;
      readonly defer: boolean;
      readonly dryRun: boolean;
      readonly key?: string | undefined;
    }
  | {
      readonly kind: 'delete';
      readonly entity: RoundEntity;
      readonly ids: readonly string[];
      readonly dryRun: boolean;
      readonly key?: string | undefined;
    };

/** Customers imported by the rounds; invoices may also name `c4`, which never comes. */
export const CUSTOMER_IDS = ['c1', 'c2', 'c3'] as const;
const PARENT_IDS = [...CUSTOMER_IDS, 'c4'] as const;
const INVOICE_IDS = ['i1', 'i2', 'i3'] as const;
/** Keys are per case (the request prefixes them with the case's source). */
const KEYS = [undefined, 'k1', 'k2'] as const;

const key = fc.constantFrom(...KEYS);
const version = fc.nat(2);

const customersImport: fc.Arbitrary<RoundOp> = fc.record({
  kind: fc.constant('import' as const),
  entity: fc.constant('customers' as const),
  records: fc
    .uniqueArray(fc.constantFrom(...CUSTOMER_IDS), { minLength: 1, maxLength: 3 })
    .map((ids) => ids.map((id) => ({ id }))),
  version,
  defer: fc.constant(false),
  dryRun: fc.boolean(),
  key,
});

const invoicesImport: fc.Arbitrary<RoundOp> = fc.record({
  kind: fc.constant('import' as const),
  entity: fc.constant('invoices' as const),
  records: fc.uniqueArray(
    fc.record({ id: fc.constantFrom(...INVOICE_IDS), parent: fc.constantFrom(...PARENT_IDS) }),
    { minLength: 1, maxLength: 3, selector: (r) => r.id },
  ),
  version,
  defer: fc.boolean(),
  dryRun: fc.boolean(),
  key,
});

const deletes: fc.Arbitrary<RoundOp> = fc.constantFrom<RoundEntity>('customers', 'invoices').chain((entity) =>
  fc.record({
    kind: fc.constant('delete' as const),
    entity: fc.constant(entity),
    ids: fc.uniqueArray(fc.constantFrom(...(entity === 'customers' ? CUSTOMER_IDS : INVOICE_IDS)), {
      minLength: 1,
      maxLength: 2,
    }),
    dryRun: fc.boolean(),
    key,
  }),
);

const opArb: fc.Arbitrary<RoundOp> = fc.oneof(
  { weight: 3, arbitrary: customersImport },
  { weight: 4, arbitrary: invoicesImport },
  { weight: 2, arbitrary: deletes },
);

/** A copy of `op` under the same key: the same body (a replay racing its original) or another one. */
function twinOf(op: RoundOp, sameBody: boolean): RoundOp {
  if (sameBody) return op;
  if (op.kind === 'import') return { ...op, version: op.version + 1 };
  return { ...op, dryRun: !op.dryRun };
}

/**
 * One round: 2-6 requests sent at once. Some are twins of another of the round (same key, same or
 * other body; without a key, the same batch twice).
 */
export const roundArb: fc.Arbitrary<RoundOp[]> = fc
  .tuple(
    fc.array(opArb, { minLength: 1, maxLength: 5 }),
    fc.array(fc.record({ of: fc.nat(), sameBody: fc.boolean() }), { maxLength: 2 }),
  )
  .map(([ops, twins]) => [...ops, ...twins.map((t) => twinOf(ops[t.of % ops.length] as RoundOp, t.sameBody))])
  .filter((ops) => ops.length >= 2)
  .map((ops) => ops.slice(0, 6));

/** The rounds of one case, against one fresh source. */
export const roundsArb = fc.array(roundArb, { minLength: 1, maxLength: 3 });

/** A customer's `lastName` and an invoice's `total` for a version. */
export const lastNameOf = (version: number) => `v${version}`;
export const totalOf = (version: number) => `${version + 1}.00`;

/** The HTTP request of `op` in `source`: method, path, body, and its `Idempotency-Key` if any. */
export function requestOf(
  op: RoundOp,
  source: string,
): { method: 'POST'; path: string; body: string; key?: string } {
  const dry = op.dryRun ? '?dryRun=true' : '';
  const key = op.key === undefined ? {} : { key: `${source}-${op.key}` };
  if (op.kind === 'delete')
    return {
      method: 'POST',
      path: `/v1/import/${op.entity}/delete${dry}`,
      body: JSON.stringify({ source, externalIds: op.ids }),
      ...key,
    };
  const records = op.records.map((r) =>
    op.entity === 'customers'
      ? {
          externalId: r.id,
          fields: { firstName: 'F', lastName: lastNameOf(op.version), email: 'f@example.com' },
        }
      : {
          externalId: r.id,
          fields: { issuedAt: '2024-01-01T00:00:00Z', total: totalOf(op.version) },
          refs: { customer: r.parent ?? null },
        },
  );
  const body =
    op.entity === 'invoices' ? { source, deferUnresolved: op.defer, records } : { source, records };
  return { method: 'POST', path: `/v1/import/${op.entity}${dry}`, body: JSON.stringify(body), ...key };
}
