import {
  COLUMNAR_IMPORT_MEDIA_TYPE,
  columnsOf,
  type ImportBatchResponse,
  type ImportRecord,
  type RecordPage,
  type RecordView,
  rowOf,
  type SourceStats,
} from '@madeup/contract';
import { describeEachDialect, fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { CompiledEntity } from '../../src/model/compiled-entity.ts';
import { MODEL } from '../../src/model/model.ts';
import type { ApiResponse } from '../support/api-client.ts';
import { type TenantClient, useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';
import { type ExpectedState, expectedFields, expectedRefs, mergeExpected, viewOf } from './expected-view.ts';
import { externalIdArb, NASTY_STRINGS, recordArb } from './record-arbitraries.ts';

/**
 * Property-based fuzzing of the running API on every dialect. Invariants: never a 5xx for client
 * input (and the process stays up), a refused request changes nothing (stats unchanged), every
 * accepted value reads back as its canonical form, and a rerun of an accepted batch is unchanged.
 */

const entityArb = fc.constantFrom(...MODEL.entities.map((e) => e.name));
let sources = 0;
const freshSource = () => {
  sources += 1;
  return `fz-${process.pid}-${sources}`;
};

/** Fails with the request and answer when core answered 5xx. */
function noServerError(response: ApiResponse, what: string): void {
  if (response.status >= 500)
    throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`);
}

async function stats(api: TenantClient, source: string): Promise<SourceStats> {
  const response = await api.get<SourceStats>(`/v1/stats?source=${source}`);
  expect(response.status).toBe(200);
  return response.body;
}

const emptyStats = (s: SourceStats) => s.entities.every((e) => e.count === 0);

/** Percent-encoding of any text (unpaired surrogates become U+FFFD, as in any UTF-8 client). */
const pct = (text: string) =>
  encodeURIComponent((text as unknown as { toWellFormed(): string }).toWellFormed());

/**
 * One record read back by its path, or, for an external id that is a dot segment (`.`, `..`), which
 * URL parsers remove from a path before sending it, by the query form of the listing.
 */
async function readBack(
  api: TenantClient,
  entity: string,
  source: string,
  externalId: string,
): Promise<{ status: number; body: RecordView }> {
  if (externalId !== '.' && externalId !== '..')
    return api.get<RecordView>(`/v1/records/${entity}/${source}/${pct(externalId)}`);
  const page = await api.get<RecordPage>(
    `/v1/records/${entity}?source=${source}&externalId=${pct(externalId)}`,
  );
  const [only] = page.body.items;
  return only === undefined ? { status: 404, body: only as never } : { status: page.status, body: only };
}

/** Percent-encoded path segments, some of them undecodable or NUL. */
const segmentArb = fc.oneof(
  fc.string({ maxLength: 12 }).map(pct),
  fc.constantFrom(...NASTY_STRINGS).map(pct),
  fc.constantFrom(
    '%00',
    '%ED%A0%80',
    '%FF',
    '%',
    '%2F',
    '..',
    '.',
    '%C0%AE',
    'customers',
    'staff',
    '__proto__',
  ),
  externalIdArb.map(pct),
);
/** Cursors: random text, and well-formed cursors holding hostile content. */
const cursorArb = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }).map((t) => Buffer.from(`x:${t}`).toString('base64url')),
  fc.constantFrom(...NASTY_STRINGS).map((t) => Buffer.from(`x:${t}`).toString('base64url')),
  fc.stringMatching(/^\d{1,25}$/).map((d) => Buffer.from(`id:${d}`).toString('base64url')),
);
const headerText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    'application/json',
    'application/json; charset=utf-16',
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/problem+json',
    'multipart/form-data; boundary=x',
  ),
);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

describeEachDialect('API fuzz (fast-check)', (target) => {
  const fixture = useCore(target);

  it(
    'random batches: never a 5xx, accepted values read back identical, reruns unchanged, refusals change nothing',
    async () => {
      const api = await fixture().tenant('fuzz');
      await fc.assert(
        fc.asyncProperty(
          // Unbiased: fast-check's bias towards the first alternatives would starve the hostile ones.
          fc.noBias(
            entityArb.chain((name) =>
              fc.record({
                entity: fc.constant(name),
                records: fc.array(recordArb(MODEL.get(name) as CompiledEntity), { maxLength: 8 }),
                deferUnresolved: fc.constantFrom(true, true, false),
                dryRun: fc.constantFrom(false, false, false, true),
              }),
            ),
          ),
          async ({ entity: name, records, deferUnresolved, dryRun }) => {
            const entity = MODEL.get(name) as CompiledEntity;
            const source = freshSource();
            const path = `/v1/import/${entity.name}${dryRun ? '?dryRun=true' : ''}`;
            const response = await api.post<ImportBatchResponse>(path, { source, records, deferUnresolved });
            noServerError(response, `import of ${entity.name}`);
            if (response.status !== 200 || dryRun) {
              expect(emptyStats(await stats(api, source))).toBe(true);
              return;
            }
            const results = response.body.results;
            expect(results).toHaveLength(records.length);
            const accepted = new Set<string>();
            for (const [i, result] of results.entries()) {
              if (result.outcome === 'rejected') continue;
              expect(result.outcome).toBe('created');
              accepted.add(result.externalId);
              const view = await readBack(api, entity.name, source, result.externalId);
              expect(view.status).toBe(200);
              const sent = records[i] as { fields?: unknown; refs?: unknown };
              expect(view.body.externalId).toBe(result.externalId);
              expect(view.body.fields).toEqual(expectedFields(entity, sent));
              expect(view.body.refs).toEqual(expectedRefs(entity, sent));
              expect(view.body.contentHash).toBe(result.contentHash);
            }
            const counted = (await stats(api, source)).entities.find((e) => e.entity === entity.name);
            expect(counted?.count ?? 0).toBe(accepted.size);
            const rerun = await api.post<ImportBatchResponse>(path, { source, records, deferUnresolved });
            expect(rerun.status).toBe(200);
            for (const [i, result] of rerun.body.results.entries())
              if (results[i]?.outcome === 'created') expect(result.outcome).toBe('unchanged');
            // The same batch as a columnar body (rows read by the generated parser, which keeps
            // common values without `parse`): the same refusals, and every accepted record unchanged.
            // Only batches of objects: an array element of a columnar body is a row, not a record.
            if (!records.every(isPlainObject)) return;
            const shaped = (r: Record<string, unknown>) =>
              isPlainObject(r['fields']) && (r['refs'] === undefined || isPlainObject(r['refs']));
            const first = (records as Record<string, unknown>[]).find(shaped);
            const columns =
              first === undefined ? { fields: [], refs: [] } : columnsOf(first as unknown as ImportRecord);
            const columnar = {
              source,
              deferUnresolved,
              ...columns,
              rows: (records as Record<string, unknown>[]).map((r) =>
                shaped(r) ? (rowOf(r as unknown as ImportRecord, columns) ?? r) : r,
              ),
            };
            const asRows = await api.raw<ImportBatchResponse>('POST', path, JSON.stringify(columnar), {
              'content-type': COLUMNAR_IMPORT_MEDIA_TYPE,
            });
            expect(asRows.status).toBe(200);
            const summary = (r: ImportBatchResponse['results'][number], created: boolean) => [
              r.externalId,
              created ? 'unchanged' : r.outcome,
              r.contentHash,
              r.errors?.map((e) => `${e.field} ${e.code}`),
            ];
            expect(asRows.body.results.map((r) => summary(r, false))).toEqual(
              results.map((r) => summary(r, r.outcome === 'created')),
            );
          },
        ),
        fuzzOptions(),
      );
    },
    fuzzTimeout(),
  );

  it(
    'batches over the same ids in turn: every accepted record reads back as the merge of what was sent',
    async () => {
      const api = await fixture().tenant('fuzz');
      const ids = ['a', 'b', 'keepme', 'keepme ', 'KEEPME'];
      await fc.assert(
        fc.asyncProperty(
          fc.noBias(
            entityArb.chain((name) =>
              fc.record({
                entity: fc.constant(name),
                batches: fc.array(
                  fc.array(fc.tuple(fc.constantFrom(...ids), recordArb(MODEL.get(name) as CompiledEntity)), {
                    maxLength: 5,
                  }),
                  { minLength: 2, maxLength: 3 },
                ),
              }),
            ),
          ),
          async ({ entity: name, batches }) => {
            const entity = MODEL.get(name) as CompiledEntity;
            const source = freshSource();
            const state = new Map<string, ExpectedState>();
            for (const batch of batches) {
              const records = batch.map(([id, record]) =>
                record !== null &&
                typeof record === 'object' &&
                !Array.isArray(record) &&
                'externalId' in record
                  ? { ...record, externalId: id }
                  : record,
              );
              const response = await api.post<ImportBatchResponse>(`/v1/import/${name}`, {
                source,
                records,
                deferUnresolved: true,
              });
              noServerError(response, `import of ${name}`);
              if (response.status !== 200) continue;
              for (const [i, result] of response.body.results.entries())
                if (result.outcome !== 'rejected')
                  state.set(
                    result.externalId,
                    mergeExpected(entity, state.get(result.externalId), records[i] as { fields?: unknown }),
                  );
            }
            for (const [externalId, expected] of state) {
              const view = await readBack(api, name, source, externalId);
              expect(view.status).toBe(200);
              const want = viewOf(entity, expected);
              expect(view.body.fields).toEqual(want.fields);
              expect(view.body.refs).toEqual(want.refs);
            }
            const counted = (await stats(api, source)).entities.find((e) => e.entity === name);
            expect(counted?.count ?? 0).toBe(state.size);
          },
        ),
        fuzzOptions(),
      );
    },
    fuzzTimeout(),
  );

  it(
    'mutated request bodies: never a 5xx, and a refused one changes nothing',
    async () => {
      const api = await fixture().tenant('fuzz');
      const source = 'fz-base';
      const valid = JSON.stringify({
        source,
        records: [customer('a'), customer('b', { createdAt: '2024-02-29T23:59:59.5+14:00' }), customer('c ')],
      });
      expect((await api.raw('POST', '/v1/import/customers', valid)).status).toBe(200);
      const mutation = fc.oneof(
        fc.tuple(fc.nat(), fc.nat({ max: 20 })).map(
          ([at, n]) =>
            (t: string) =>
              t.slice(0, at % t.length) + t.slice((at % t.length) + n),
        ),
        fc
          .tuple(
            fc.nat(),
            fc.oneof(
              fc.string({ maxLength: 6 }),
              fc.constantFrom(...NASTY_STRINGS.map((s) => JSON.stringify(s))),
              fc.constantFrom(
                '{',
                '}',
                '[',
                ']',
                ',',
                ':',
                '"',
                '\\',
                'null',
                '"__proto__":{}',
                '1e999',
                '-',
              ),
            ),
          )
          .map(
            ([at, s]) =>
              (t: string) =>
                t.slice(0, at % t.length) + s + t.slice(at % t.length),
          ),
        fc.nat().map((at) => (t: string) => t.slice(0, at % t.length)),
        fc.constant((t: string) => t.replace('"records"', '"records","records"')),
        fc.constant((t: string) => t.replace('"source":"fz-base"', '"source":"fz-base","source":"other"')),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.noBias(fc.array(mutation, { minLength: 1, maxLength: 3 })),
          fc.noBias(fc.option(headerText)),
          async (mutations, type) => {
            const body = mutations.reduce((text, mutate) => mutate(text), valid);
            const before = await stats(api, source);
            const headers: Record<string, string> = type === null ? {} : { 'content-type': type };
            let response: ApiResponse;
            try {
              response = await api.raw('POST', '/v1/import/customers', body, headers);
            } catch (error) {
              if (error instanceof TypeError && /header|invalid/i.test(String(error))) return; // fetch refused the header
              throw error;
            }
            noServerError(response, `mutated body ${JSON.stringify(body).slice(0, 300)}`);
            if (response.status >= 400) expect(await stats(api, source)).toEqual(before);
          },
        ),
        fuzzOptions(),
      );
    },
    fuzzTimeout(),
  );

  it(
    'headers, paths, ids and cursors: never a 5xx, and refused deletes change nothing',
    async () => {
      const api = await fixture().tenant('fuzz');
      const source = 'fz-ids';
      await api.post('/v1/import/customers', { source, records: [customer('keep'), customer('keep ')] });
      const request: fc.Arbitrary<{ method: string; path: string; body?: string }> = fc.oneof(
        fc
          .tuple(
            fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
            segmentArb,
            fc.constantFrom(
              '',
              '/delete',
              '/x/y',
              '?dryRun=true',
              '?dryRun=maybe',
              '?dryRun=true&dryRun=false',
            ),
            fc.option(fc.constantFrom('', '{}', '[]', 'null', '{"source":"fz-ids","records":[]}')),
          )
          .map(([method, entity, tail, body]) => ({
            method,
            path: `/v1/import/${entity}${tail}`,
            ...(body === null || method === 'GET' || method === 'HEAD' ? {} : { body }),
          })),
        fc
          .tuple(segmentArb, segmentArb, segmentArb)
          .map(([e, s, x]) => ({ method: 'GET', path: `/v1/records/${e}/${s}/${x}` })),
        fc
          .tuple(fc.option(segmentArb), cursorArb, fc.option(fc.string({ maxLength: 6 })))
          .map(([s, c, l]) => ({
            method: 'GET',
            path: `/v1/records/customers?${s === null ? '' : `source=${s}&`}after=${pct(c)}${l === null ? '' : `&limit=${encodeURIComponent(l)}`}`,
          })),
        fc.tuple(fc.option(segmentArb), segmentArb, fc.option(cursorArb)).map(([s, x, c]) => ({
          method: 'GET',
          path: `/v1/records/customers?${s === null ? '' : `source=${s}&`}externalId=${x}${c === null ? '' : `&after=${pct(c)}`}`,
        })),
        fc.tuple(segmentArb, fc.option(fc.string({ maxLength: 8 }))).map(([s, l]) => ({
          method: 'GET',
          path: `/v1/${['stats', 'unresolved'][s.length % 2]}?source=${s}${l === null ? '' : `&limit=${encodeURIComponent(l)}`}`,
        })),
        fc.array(fc.oneof(externalIdArb, fc.integer(), fc.constant(null)), { maxLength: 5 }).map((ids) => ({
          method: 'POST',
          path: '/v1/import/customers/delete?dryRun=true',
          body: JSON.stringify({ source, externalIds: ids }),
        })),
        fc.array(fc.oneof(externalIdArb, fc.integer()), { maxLength: 5 }).map((ids) => ({
          method: 'POST',
          path: '/v1/import/customers/delete',
          body: JSON.stringify({ source, externalIds: ids.filter((id) => id !== 'keep') }),
        })),
      );
      const headers = fc.record(
        {
          authorization: fc.oneof(
            fc.constant(`Bearer ${api.token}`),
            headerText,
            headerText.map((t) => `Bearer ${t}`),
          ),
          'idempotency-key': headerText,
          'content-type': headerText,
          accept: headerText,
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(fc.noBias(request), fc.noBias(headers), async (req, extra) => {
          const before = await stats(api, source);
          let response: ApiResponse;
          try {
            response = await api.raw(
              req.method,
              req.path,
              req.body as string,
              extra as Record<string, string>,
            );
          } catch (error) {
            if (error instanceof TypeError && /header|invalid|URL/i.test(`${error} ${error.cause}`)) return;
            throw error;
          }
          noServerError(response, `${req.method} ${req.path} ${JSON.stringify(extra)}`);
          if (response.status >= 400) expect(await stats(api, source)).toEqual(before);
        }),
        fuzzOptions(),
      );
      const alive = await fetch(`${fixture().core.url}/healthz`);
      expect(alive.status).toBe(200);
      const kept = await api.get<RecordView>('/v1/records/customers/fz-ids/keep');
      expect([kept.status, kept.body.deletedAt ?? null]).toEqual([200, null]);
    },
    fuzzTimeout(),
  );
});
