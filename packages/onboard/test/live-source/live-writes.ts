import fc from 'fast-check';

/**
 * One change the vendor application makes to the `cust` table while a run reads it: a row
 * inserted between two keys of the first rows (inside the planned key ranges) or past every key
 * (above the highest key seen at planning time), a row updated (new values and a new cursor) or
 * deleted. `pick` chooses the row or the gap among those there are when it is applied.
 */
export interface LiveWrite {
  readonly kind: 'insert-inside' | 'insert-above' | 'update' | 'delete';
  readonly pick: number;
  readonly phone: string | null;
}

/** What the source holds before the run: `rows` customers with keys 10, 20, …; `bursts` of writes. */
export interface LiveCase {
  readonly rows: number;
  /** The cursor order of the first rows: a multiplier that permutes their clock ticks. */
  readonly shuffle: number;
  /** Writes applied together, one burst at each `every`-th progress event of the run. */
  readonly bursts: readonly (readonly LiveWrite[])[];
  readonly every: number;
}

const write: fc.Arbitrary<LiveWrite> = fc.record({
  kind: fc.constantFrom<LiveWrite['kind']>('insert-inside', 'insert-above', 'update', 'update', 'delete'),
  pick: fc.nat(1000),
  phone: fc.constantFrom(null, '555-0100', '555-0199'),
});

export const liveCases: fc.Arbitrary<LiveCase> = fc.record({
  rows: fc.integer({ min: 6, max: 40 }),
  shuffle: fc.constantFrom(1, 7, 13, 31),
  bursts: fc.array(fc.array(write, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 10 }),
  every: fc.constantFrom(1, 2, 3),
});
