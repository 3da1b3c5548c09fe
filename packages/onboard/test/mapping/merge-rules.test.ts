import { describe, expect, it } from 'vitest';
import { withMerges } from '../../src/executor/apply-merges.ts';
import { compileMapping } from '../../src/mapping/index.ts';
import { groupDuplicates, type MergeCandidate, survivingRecord } from '../../src/mapping/merge-groups.ts';
import { mergeReport } from '../../src/pipeline/merge-report.ts';
import type { MappedEntity } from '../../src/planner/mapping-view.ts';
import type { MergeMember } from '../../src/store/merge-store.ts';
import { CHINOOK_SQLITE_STREAMS } from './fixtures/chinook-streams.ts';
import { CORE_SCHEMA } from './fixtures/core-schema.ts';

const candidate = (id: string, keys: string[], order: unknown = null, changed = true): MergeCandidate => ({
  id,
  keys,
  order,
  changed,
});

describe('groupDuplicates', () => {
  it('groups rows sharing any key, transitively, and keeps the smallest id as survivor', () => {
    const groups = groupDuplicates([
      candidate('10', ['e:a'], '2024-01-02'),
      candidate('9', ['e:b', 'p:1'], '2024-01-01'),
      candidate('11', ['e:a', 'p:1'], '2024-01-03'),
      candidate('12', ['e:c']),
      candidate('13', ['e:c']),
      candidate('14', ['e:d']),
    ]);
    expect(groups).toEqual([
      { survivor: '9', members: ['11', '10', '9'], emitter: '9' },
      { survivor: '12', members: ['13', '12'], emitter: '12' },
    ]);
  });
  it('gives the same groups whatever the order of the rows (partitions read in any order)', () => {
    const rows = [
      candidate('3', ['k']),
      candidate('1', ['k']),
      candidate('2', ['j', 'k']),
      candidate('4', ['j']),
    ];
    const forward = groupDuplicates(rows);
    expect(groupDuplicates([...rows].reverse())).toEqual(forward);
    expect(forward).toEqual([{ survivor: '1', members: ['4', '3', '2', '1'], emitter: '1' }]);
  });
  it('lets a changed member send the record in an incremental run, and nobody when none changed', () => {
    const changed = groupDuplicates([candidate('1', ['k'], 1, false), candidate('5', ['k'], 2, true)]);
    expect(changed[0]?.emitter).toBe('5');
    const unchanged = groupDuplicates([candidate('1', ['k'], 1, false), candidate('5', ['k'], 2, false)]);
    expect(unchanged[0]?.emitter).toBeNull();
  });
  it('groups a stream of thousands of rows, pairs far apart included', () => {
    // 5,000 rows: row i shares a key with row i + 2,500 when i is a multiple of 100, and row 4,999
    // links the first two groups through a second key.
    const rows = Array.from({ length: 5000 }, (_, i) => {
      const keys = [`e:${i % 2500 === 0 || i % 100 !== 0 ? `own${i}` : `shared${i % 2500}`}`];
      if (i === 0 || i === 2500) keys.push('e:first');
      if (i === 100 || i === 4999) keys.push('p:link');
      return candidate(String(i), keys, i);
    });
    const groups = groupDuplicates(rows);
    expect(groups[0]).toEqual({ survivor: '0', members: ['2500', '0'], emitter: '0' });
    expect(groups[1]).toEqual({ survivor: '100', members: ['4999', '2600', '100'], emitter: '100' });
    expect(groups).toHaveLength(25);
    expect(groups.at(-1)).toEqual({ survivor: '2400', members: ['4900', '2400'], emitter: '2400' });
  });
});

describe('survivingRecord', () => {
  const latest = {
    externalId: '7',
    fields: { phone: null, name: 'New', address: { city: null } },
    refs: { m: null },
  };
  const older = {
    externalId: '3',
    fields: { phone: '555', name: 'Old', address: { city: 'Oslo' } },
    refs: { m: '2' },
  };
  it('latest: the latest member whole, under the survivor id', () => {
    expect(survivingRecord('3', [latest, older], 'latest')).toEqual({ ...latest, externalId: '3' });
  });
  it('firstNonEmpty: per field and reference, the latest non-empty value', () => {
    expect(survivingRecord('3', [latest, older], 'firstNonEmpty')).toEqual({
      externalId: '3',
      fields: { phone: '555', name: 'New', address: { city: 'Oslo' } },
      refs: { m: '2' },
    });
  });
});

describe('merge rule in a mapping', () => {
  const mapping = (merge: unknown) => ({
    source: 's',
    entities: {
      customers: {
        stream: 'Customer',
        id: '{CustomerId}',
        fields: { firstName: 'FirstName', lastName: 'LastName', email: 'Email' },
        merge,
      },
    },
  });
  const row = { CustomerId: 1, FirstName: 'A', LastName: 'Lee', Email: ' A@X.org ', Phone: null, Fax: '  ' };
  it('computes normalised keys, composite keys only when every part is there, and the order', () => {
    const compiled = compileMapping(
      mapping({ match: [{ lower: { trim: 'Email' } }, ['LastName', 'Phone'], 'Fax'], order: 'CustomerId' }),
      CORE_SCHEMA,
      { streams: CHINOOK_SQLITE_STREAMS },
    );
    const rule = compiled.entity('customers')!.merge!;
    expect(rule.keys(row)).toEqual(['0\u0000a@x.org']);
    expect(rule.keys({ ...row, Phone: '+1 555' })).toEqual(['0\u0000a@x.org', '1\u0000Lee\u0000+1 555']);
    expect(rule.order(row)).toBe(1);
    expect(rule.survivorship).toBe('latest');
  });
  it('reports a rule without keys or order, a bad survivorship and an unknown column', () => {
    const problems = (merge: unknown) => {
      try {
        compileMapping(mapping(merge), CORE_SCHEMA, { streams: CHINOOK_SQLITE_STREAMS });
        return [];
      } catch (error) {
        return (error as { problems: { path: (string | number)[]; message: string }[] }).problems.map(
          (p) => `${p.path.slice(2).join('.')}: ${p.message}`,
        );
      }
    };
    expect(problems({ match: [], order: 'CustomerId' })).toEqual([
      'merge.match: match must be a list of keys: each an expression, or a list of expressions that must all agree',
    ]);
    expect(problems({ match: ['Email'], survivorship: 'best' })).toEqual([
      'merge.survivorship: survivorship must be latest or firstNonEmpty',
      'merge.order: merge needs `order`: the expression that says which record is latest',
    ]);
    expect(problems({ match: ['Emial'], order: 'CustomerId' })[0]).toMatch(/^merge\.match\.0: .*Emial/);
  });
});

describe('withMerges', () => {
  const plan: MergeMember[] = [
    {
      entity: 'customers',
      externalId: '1',
      survivorId: '1',
      emit: true,
      record: { externalId: '1', fields: { n: 'merged' } },
      rule: 'r',
    },
    { entity: 'customers', externalId: '4', survivorId: '1', emit: false, record: null, rule: 'r' },
  ];
  const entity = (name: string, refs: { name: string; target: string }[]): MappedEntity => ({
    entity: name,
    stream: name,
    references: refs,
    transform: (row) => ({
      record: {
        externalId: String(row['id']),
        fields: { n: row['n'] },
        refs: { customer: String(row['c']) },
      },
    }),
  });
  it('sends the merged record from the emitter, skips the merged-away row, leaves the rest', () => {
    const customers = withMerges(entity('customers', []), plan);
    expect(customers.transform({ id: 1, n: 'own', c: 0 })).toEqual({
      record: { externalId: '1', fields: { n: 'merged' } },
    });
    expect(customers.transform({ id: 4, n: 'dup', c: 0 })).toEqual({ skipped: 'merged' });
    expect(customers.transform({ id: 2, n: 'x', c: 0 })).toMatchObject({ record: { externalId: '2' } });
  });
  it('points references to a merged-away record at its survivor', () => {
    const invoices = withMerges(entity('invoices', [{ name: 'customer', target: 'customers' }]), plan);
    expect(invoices.transform({ id: 9, n: 'i', c: 4 })).toMatchObject({
      record: { refs: { customer: '1' } },
    });
    expect(invoices.transform({ id: 8, n: 'i', c: 2 })).toMatchObject({
      record: { refs: { customer: '2' } },
    });
  });
  it('reports per entity each survivor with its merged-away ids', () => {
    expect(mergeReport(plan)).toEqual([
      { entity: 'customers', rule: 'r', mergedAway: 1, groups: [{ survivor: '1', mergedAway: ['4'] }] },
    ]);
  });
});
