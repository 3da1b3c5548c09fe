import type { FieldSchema } from '@madeup/contract';
import { describe, expect, it } from 'vitest';
import { valueConversion } from '../../../src/mapping/draft/value-conversions.ts';

const field = (type: FieldSchema['type'], extra: Partial<FieldSchema> = {}): FieldSchema => ({
  name: 'f',
  type,
  required: false,
  ...extra,
});
const status = field('enum', { enum: ['draft', 'open', 'paid', 'void'] });

describe('valueConversion (what sample values say about a text column)', () => {
  it('maps vendor codes to the enum value they start or abbreviate, and names the ones it cannot place', () => {
    expect(valueConversion(status, 'st', ['P', 'D', null, 'O', 'V', 'P', ' '])).toEqual({
      expression: { lookup: 'st', values: { P: 'paid', D: 'draft', O: 'open', V: 'void' } },
    });
    const method = field('enum', { enum: ['cash', 'card', 'bank_transfer', 'cheque', 'other'] });
    const result = valueConversion(method, 'm', ['CASH', 'CC', 'WIRE']);
    expect(result?.expression).toEqual({ lookup: 'm', values: { CASH: 'cash' } });
    expect(result?.note).toMatch(
      /TODO an enum value .* for "CC", "WIRE" \(rows with them fail with unmapped_value\)/,
    );
    expect(valueConversion(status, 'st', ['Paid', 'open'])).toBeUndefined();
    expect(valueConversion(status, 'st', [])).toBeUndefined();
  });

  it('maps country names to current ISO codes, with the usual aliases', () => {
    const result = valueConversion(field('country'), 'c', [
      'Germany',
      'USA',
      'Czech Republic',
      'United Kingdom',
      'FR',
      'Atlantis',
    ]);
    expect(result?.expression).toEqual({
      lookup: 'c',
      values: { Germany: 'DE', USA: 'US', 'Czech Republic': 'CZ', 'United Kingdom': 'GB', FR: 'FR' },
    });
    expect(result?.note).toMatch(/"Atlantis"/);
    expect(valueConversion(field('country'), 'c', ['DE', 'us'])).toBeUndefined();
  });

  it('finds the format of text dates, month-first unless a day says otherwise', () => {
    expect(valueConversion(field('date'), 'd', ['01/31/2020', '12/01/2019'])).toEqual({
      expression: { date: 'd', format: 'MM/dd/yyyy' },
    });
    expect(valueConversion(field('date'), 'd', ['01/02/2020', '31/12/2019'])?.expression).toEqual({
      date: 'd',
      format: 'dd/MM/yyyy',
    });
    expect(valueConversion(field('timestamp'), 't', ['2024-01-31 10:00:00', '2024-02-01'])).toBeUndefined();
  });

  it('reads two formats with a when on the shape of the second, the rest failing loudly', () => {
    const result = valueConversion(field('timestamp'), 't', ['2024-01-31 10:00:00', '31.01.2024', 'unknown']);
    expect(result?.expression).toEqual({
      when: [
        {
          if: { matches: ['t', '^\\d\\d\\.\\d\\d\\.\\d{4}$'] },
          // biome-ignore lint/suspicious/noThenProperty: `then` is a key of the mapping format, not a promise
          then: { timestamp: 't', format: 'dd.MM.yyyy' },
        },
      ],
      else: { timestamp: 't' },
    });
    expect(result?.note).toMatch(/TODO values in no format found, e.g. "unknown"/);
  });
});
