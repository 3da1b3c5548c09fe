import { COLUMNAR_IMPORT_MEDIA_TYPE, type ImportRecord } from '@madeup/contract';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/connectors/value.ts';
import { BatchAssembler } from '../../src/executor/batch-assembler.ts';
import type { BatchDraft } from '../../src/executor/batch-outcome.ts';
import { batchEnvelope } from '../../src/loader/record-batcher.ts';
import type { MappedEntity } from '../../src/planner/mapping-view.ts';

const a = (n: number): ImportRecord => ({
  externalId: `a${n}`,
  fields: { name: `N${n}`, phone: null },
  refs: { manager: n % 2 === 0 ? null : `m${n}` },
});
const b = (n: number): ImportRecord => ({ externalId: `b${n}`, fields: { name: `N${n}` } });

/** Rows `{n}` whose records are `records[n]`. */
function assembler(records: readonly ImportRecord[], limits: { maxRecords: number; maxBytes: number }) {
  const mapped: MappedEntity = {
    entity: 'staff',
    stream: 'staff',
    references: [],
    transform: (row: Row) => ({ record: records[Number(row['n'])] as ImportRecord }),
  };
  return new BatchAssembler(mapped, ['n'], limits, batchEnvelope('src', false), 0, undefined, {
    source: 'src',
    deferUnresolved: false,
  });
}

/** Every batch of rows `from` to `to` (excluded), each closed by `add` or the final `flush`. */
function batches(
  records: readonly ImportRecord[],
  limits: { maxRecords: number; maxBytes: number },
  from = 0,
) {
  const assembling = assembler(records, limits);
  const out: BatchDraft[] = [];
  for (let n = from; n < records.length; n++) {
    const closed = assembling.add({ n });
    if (closed !== undefined) out.push(closed);
  }
  const last = assembling.flush();
  if (last !== undefined) out.push(last);
  return out;
}

const text = (draft: BatchDraft) => draft.body.bytes.toString('utf8');

describe('columnar batches', () => {
  it("name their first record's columns once, with rows of them and other shapes as objects", () => {
    const records = [a(0), a(1), b(2), a(3), b(4), b(5)];
    const [first, second] = batches(records, { maxRecords: 3, maxBytes: 100_000 });
    expect(first?.body.mediaType).toBe(COLUMNAR_IMPORT_MEDIA_TYPE);
    expect(JSON.parse(text(first as BatchDraft))).toEqual({
      source: 'src',
      fields: ['name', 'phone'],
      refs: ['manager'],
      rows: [
        ['a0', 'N0', null, null],
        ['a1', 'N1', null, 'm1'],
        { externalId: 'b2', fields: { name: 'N2' } },
      ],
    });
    expect(JSON.parse(text(second as BatchDraft))).toEqual({
      source: 'src',
      fields: ['name', 'phone'],
      refs: ['manager'],
      rows: [['a3', 'N3', null, 'm3'], { externalId: 'b4', fields: { name: 'N4' } }, b(5)],
    });
    expect(first?.externalIds).toEqual(['a0', 'a1', 'b2']);
  });

  it('cut by bytes, give each batch the same bytes as a run starting at its first row (a resume)', () => {
    const records = Array.from({ length: 40 }, (_, n) => (n % 3 === 0 ? b(n) : a(n)));
    const whole = batches(records, { maxRecords: 1000, maxBytes: 700 });
    expect(whole.length).toBeGreaterThan(3);
    let start = 0;
    for (const draft of whole) {
      const [resumed] = batches(records, { maxRecords: 1000, maxBytes: 700 }, start);
      expect(text(resumed as BatchDraft)).toBe(text(draft));
      expect(draft.body.bytes.length).toBeLessThanOrEqual(700);
      const parsed = JSON.parse(text(draft)) as { fields: string[]; rows: unknown[] };
      // The first record of every batch is a row of its own columns.
      expect(Array.isArray(parsed.rows[0])).toBe(true);
      start += draft.rowsRead;
    }
    expect(start).toBe(records.length);
  });
});
