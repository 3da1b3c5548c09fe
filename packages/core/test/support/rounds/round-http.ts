import type { RecordPage, UnresolvedPage } from '@madeup/contract';
import { rawCall } from '../raw-call.ts';
import { contentOf, describeStored, type Sent } from './round-model.ts';
import { type RoundEntity, type RoundOp, requestOf } from './round-requests.ts';
import type { StoredState } from './serial-order.ts';

/** Sends every request of a round at once (`Promise.all`) over raw HTTP, each on its own connection. */
export async function sendAtOnce(
  url: string,
  token: string,
  source: string,
  round: readonly RoundOp[],
): Promise<(Sent & { retryAfter: string | undefined })[]> {
  return Promise.all(
    round.map(async (op) => {
      const { method, path, body, key } = requestOf(op, source);
      const lines: [string, string][] = [['authorization', `Bearer ${token}`]];
      if (key !== undefined) lines.push(['idempotency-key', key]);
      const response = await rawCall(url, method, path, lines, body);
      return {
        op,
        key,
        signature: `${method} ${path}\n${body}`,
        observed: {
          status: response.status,
          text: response.text,
          replayed: response.header('idempotent-replayed') === 'true',
        },
        retryAfter: response.header('retry-after'),
      };
    }),
  );
}

/** What core holds in `source` after a round, the stored id of every record, and any external id listed twice. */
export async function readStored(
  url: string,
  token: string,
  source: string,
): Promise<{ state: StoredState; ids: Map<string, string>; twice: string[] }> {
  const get = async <T>(path: string): Promise<T> => {
    const response = await rawCall(url, 'GET', path, [['authorization', `Bearer ${token}`]]);
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${response.text}`);
    return JSON.parse(response.text) as T;
  };
  const ids = new Map<string, string>();
  const twice: string[] = [];
  const listed = async (entity: RoundEntity) => {
    const page = await get<RecordPage>(`/v1/records/${entity}?source=${source}&limit=1000`);
    return page.items
      .map((item) => {
        const at = `${entity}/${item.externalId}`;
        if (ids.has(at)) twice.push(at);
        ids.set(at, item.id);
        const version =
          entity === 'customers'
            ? Number(String(item.fields['lastName']).slice(1))
            : Number.parseFloat(String(item.fields['total'])) - 1;
        return describeStored(
          item.externalId,
          contentOf(entity, version, item.refs['customer']),
          item.deletedAt !== null && item.deletedAt !== undefined,
        );
      })
      .sort();
  };
  const customers = await listed('customers');
  const invoices = await listed('invoices');
  const unresolved = await get<UnresolvedPage>(`/v1/unresolved?source=${source}&limit=1000`);
  const pending = unresolved.items
    .map((u) =>
      u.entity === 'invoices' && u.ref === 'customer'
        ? `${u.externalId}->${u.targetExternalId}`
        : `${u.entity}/${u.externalId}.${u.ref}->${u.targetExternalId}`,
    )
    .sort();
  if (unresolved.total !== unresolved.items.length)
    twice.push(`unresolved total ${unresolved.total} for ${unresolved.items.length} items`);
  return { state: { customers, invoices, pending }, ids, twice };
}
