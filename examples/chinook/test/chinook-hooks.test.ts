import { describe, expect, it } from 'vitest';
import { duration, phoneNumber } from '../hooks.ts';

describe('the Chinook hooks', () => {
  it('compacts phone numbers, dropping the trunk 0 after a country code', () => {
    expect(phoneNumber('+1 (403) 262-3443')).toBe('+14032623443');
    expect(phoneNumber('+49 0711 2842222')).toBe('+497112842222');
    expect(phoneNumber('+420 2 4172 5555')).toBe('+420241725555');
    expect(phoneNumber('  ')).toBeNull();
    expect(phoneNumber(null)).toBeNull();
    expect(() => phoneNumber('+1 23')).toThrow('"+1 23" has too few digits for a phone number');
  });
  it('writes milliseconds as m:ss', () => {
    expect(duration(343719)).toBe('5:44');
    expect(duration(59_499)).toBe('0:59');
    expect(duration(null)).toBeNull();
    expect(() => duration('soon')).toThrow('not a duration in milliseconds: soon');
  });
});
