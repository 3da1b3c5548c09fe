import type { ImportBatchResponse, Problem, RecordView } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { MODEL } from '../../src/model/model.ts';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

const NASTY = `'; DROP TABLE staff; -- "\\" %_ $1 ? \`x\` \t\n é 😀 ' OR '1'='1`;

/** A record of `entity` with every plain string field set to SQL metacharacters (cut to fit). */
function nastyFields(entityName: string): Record<string, unknown> {
  const entity = MODEL.get(entityName);
  if (entity === undefined) throw new Error(entityName);
  const fields: Record<string, unknown> = {};
  for (const leaf of entity.leaves) {
    if (leaf.def.type !== 'string') continue;
    const value = [...NASTY].slice(0, leaf.def.maxLength ?? 255).join('');
    if (leaf.member === undefined) fields[leaf.top] = value;
    else fields[leaf.top] = { ...(fields[leaf.top] as object), [leaf.member]: value };
  }
  return fields;
}

describeEachDialect('hostile input', (target) => {
  const fixture = useCore(target);

  it('stores SQL metacharacters in every string field literally', async () => {
    const api = await fixture().shared();
    const xid = `x/'; DROP TABLE locations;--`;
    for (const [entity, required] of [
      ['staff', {}],
      ['locations', {}],
      ['customers', { email: 'sql@example.com' }],
    ] as const) {
      const fields = { ...nastyFields(entity), ...required };
      const response = await api.post<ImportBatchResponse>(`/v1/import/${entity}`, {
        source: 'hostile',
        records: [{ externalId: xid, fields }],
      });
      expect(response.body.results[0]?.errors).toBeUndefined();
      const view = await api.get<RecordView>(`/v1/records/${entity}/hostile/${encodeURIComponent(xid)}`);
      expect(view.status).toBe(200);
      for (const [name, value] of Object.entries(fields))
        if (typeof value === 'string') expect(view.body.fields[name]).toBe(value);
        else expect(view.body.fields[name]).toMatchObject(value);
      const rerun = await api.post<ImportBatchResponse>(`/v1/import/${entity}`, {
        source: 'hostile',
        records: [{ externalId: xid, fields }],
      });
      expect(rerun.body.results[0]?.outcome).toBe('unchanged');
    }
  });

  it('rejects huge strings and non-object records per record, never crashing', async () => {
    const api = await fixture().shared();
    const response = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'huge',
      records: [
        customer('h1', { firstName: 'x'.repeat(1_000_000) }),
        { externalId: 'y'.repeat(10_000), fields: {} },
        null,
        5,
        'text',
        [],
        customer('fine'),
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body.results.map((r) => r.errors?.[0]?.code ?? r.outcome)).toEqual([
      'too_long',
      'invalid_type',
      'invalid_type',
      'invalid_type',
      'invalid_type',
      'invalid_type',
      'created',
    ]);
  });

  it('answers 404 for unknown or path-like entity names', async () => {
    const api = await fixture().shared();
    for (const name of ['unicorns', '..%2F..%2Fetc', 'customers%00', 'Customers']) {
      const response = await api.post<Problem>(`/v1/import/${name}`, { source: 's', records: [] });
      expect([response.status, response.body.code]).toEqual([404, 'unknown_entity']);
    }
  });
});
