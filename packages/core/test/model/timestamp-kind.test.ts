import { describe, expect, it } from 'vitest';
import { timestampKind } from '../../src/model/kinds/timestamp-kind.ts';

describe('timestamp kind', () => {
  it('reads every dialect spelling of a stored value back to the canonical wire form', () => {
    const wire = '2023-05-01T10:11:12.123456Z';
    expect(timestampKind.fromDb('2023-05-01 10:11:12.123456')).toBe(wire);
    expect(timestampKind.fromDb('2023-05-01 10:11:12.123456+00')).toBe(wire);
    expect(timestampKind.fromDb('2023-05-01 10:11:12.1+00')).toBe('2023-05-01T10:11:12.100000Z');
    expect(timestampKind.fromDb('2023-05-01 10:11:12')).toBe('2023-05-01T10:11:12.000000Z');
    expect(timestampKind.fromDb(new Date(Date.UTC(2023, 4, 1, 10, 11, 12, 123)))).toBe(
      '2023-05-01T10:11:12.123000Z',
    );
    expect(timestampKind.fromDb(null)).toBeNull();
  });

  it('stores what it reads back unchanged', () => {
    const wire = '1999-12-31T23:59:59.999999Z';
    expect(timestampKind.fromDb(timestampKind.toDb(wire))).toBe(wire);
  });

  it('still refuses a wire value without zone or with an impossible date', () => {
    expect(timestampKind.parse('2023-05-01 10:11:12.123456', {} as never).ok).toBe(false);
    expect(timestampKind.parse('2023-02-30T10:11:12Z', {} as never).ok).toBe(false);
  });
});
