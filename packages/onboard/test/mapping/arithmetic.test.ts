import { describe, expect, it } from 'vitest';
import { compileMapping } from '../../src/mapping/index.ts';
import { compileOne, evaluate, failure } from './expression-harness.ts';
import { CHINOOK_SQLITE_STREAMS } from './fixtures/chinook-streams.ts';
import { CORE_SCHEMA } from './fixtures/core-schema.ts';

const BERLIN = { timeZone: 'Europe/Berlin' };
const at = (raw: unknown, row: Record<string, string | number | boolean | null> = {}, options = {}) =>
  evaluate(raw, row, options);

describe('add, subtract, multiply: exact decimals', () => {
  it('adds without float error and keeps the written scale', () => {
    expect(at({ add: [{ const: '0.1' }, { const: '0.2' }] })).toBe('0.3');
    expect(at({ add: [0.1, 0.2] })).toBe('0.3');
    expect(at({ add: ['A', 'B', 1] }, { A: '12.50', B: '-0.75' })).toBe('12.75');
    expect(at({ subtract: ['A', 'B'] }, { A: '10', B: '12.345' })).toBe('-2.345');
  });
  it('multiplies exactly, e.g. a line total', () => {
    expect(at({ multiply: ['Qty', 'Price'] }, { Qty: 3, Price: '19.99' })).toBe('59.97');
    expect(at({ multiply: ['A', 'A'] }, { A: '99999999999999999.99' })).toBe(
      '9999999999999999998000000000000000.0001',
    );
  });
  it('gives null when an operand is null or blank, as SQL does', () => {
    expect(at({ add: ['A', 1] }, { A: null })).toBeNull();
    expect(at({ multiply: ['A', 2] }, { A: '  ' })).toBeNull();
  });
  it('fails the row on text that is not a number, and flags non-numeric operands before any row', () => {
    expect(failure({ add: ['A', 1] }, { A: '1,5' })).toBe('invalid_number: not a number: "1,5"');
    expect(failure({ add: ['A', 1] }, { A: true })).toBe('invalid_number: not a number: true');
    const typed = compileOne({ add: ['Active', 1] }, { columns: { Active: 'boolean' } });
    expect(typed.problems).toMatchObject([
      { code: 'bad_expression', path: ['expr', 'add', 0], message: 'add needs a number, this is boolean' },
    ]);
    expect(compileOne({ subtract: [1, 2, 3] }).problems[0]?.message).toBe('subtract takes 2 expressions');
    expect(compileOne({ add: [1] }).problems[0]?.message).toBe('add takes at least 2 expressions');
  });
});

describe('divide and round', () => {
  it('divides to the scale asked, with the rounding mode', () => {
    expect(at({ divide: [10, 3], scale: 2 })).toBe('3.33');
    expect(at({ divide: [20, 3], scale: 2 })).toBe('6.67');
    expect(at({ divide: [-20, 3], scale: 2 })).toBe('-6.67');
    expect(at({ divide: [1, 8], scale: 2, mode: 'halfEven' })).toBe('0.12');
    expect(at({ divide: [3, 8], scale: 2, mode: 'halfEven' })).toBe('0.38');
    expect(at({ divide: [-1, 3], scale: 0, mode: 'floor' })).toBe('-1');
    expect(at({ divide: [1, 3], scale: 0, mode: 'ceiling' })).toBe('1');
    expect(at({ divide: ['A', 4], scale: 1 }, { A: '1.00' })).toBe('0.3');
  });
  it('fails the row on a division by zero', () => {
    expect(failure({ divide: ['A', 'B'], scale: 2 }, { A: '5', B: '0.00' })).toBe(
      'invalid_number: division by zero: 5 / 0',
    );
  });
  it('rounds half away from zero by default, and by every mode', () => {
    expect(at({ round: 'A' }, { A: '2.5' })).toBe('3');
    expect(at({ round: 'A' }, { A: '-2.5' })).toBe('-3');
    expect(at({ round: 'A', scale: 2 }, { A: '1.005' })).toBe('1.01');
    expect(at({ round: 'A', scale: 2 }, { A: 7 })).toBe('7.00');
    expect(at({ round: 'A', mode: 'halfEven' }, { A: '2.5' })).toBe('2');
    expect(at({ round: 'A', mode: 'halfEven' }, { A: '3.5' })).toBe('4');
    expect(at({ round: 'A', mode: 'floor' }, { A: '-2.1' })).toBe('-3');
    expect(at({ round: 'A', mode: 'ceiling' }, { A: '2.1' })).toBe('3');
    expect(at({ round: 'A', mode: 'down' }, { A: '-2.9' })).toBe('-2');
    expect(at({ round: 'A', scale: 1 }, { A: '-0.04' })).toBe('0.0');
  });
  it('reports a bad scale or mode as a mapping problem', () => {
    expect(compileOne({ round: 1, scale: -1 }).problems[0]?.message).toMatch(/scale must be a whole number/);
    expect(compileOne({ round: 1, mode: 'up' }).problems[0]?.message).toMatch(/mode must be one of halfUp/);
    expect(compileOne({ divide: [1, 2] }).problems[0]?.message).toBe('divide needs the option "scale"');
  });
});

describe('addDays and addMonths on dates', () => {
  it('moves by calendar days across month, year and leap days', () => {
    expect(at({ addDays: 'D', days: 1 }, { D: '2024-02-28' })).toBe('2024-02-29');
    expect(at({ addDays: 'D', days: 1 }, { D: '2023-02-28' })).toBe('2023-03-01');
    expect(at({ addDays: 'D', days: 30 }, { D: '2024-12-15' })).toBe('2025-01-14');
    expect(at({ addDays: 'D', days: 'N' }, { D: '2024-03-01', N: '-1' })).toBe('2024-02-29');
    expect(at({ addDays: 'D', days: 366 }, { D: '1900-02-28' })).toBe('1901-03-01');
  });
  it('clamps to the month end and knows leap years', () => {
    expect(at({ addMonths: 'D', months: 1 }, { D: '2024-01-31' })).toBe('2024-02-29');
    expect(at({ addMonths: 'D', months: 1 }, { D: '2023-01-31' })).toBe('2023-02-28');
    expect(at({ addMonths: 'D', months: 12 }, { D: '2024-02-29' })).toBe('2025-02-28');
    expect(at({ addMonths: 'D', months: 48 }, { D: '2096-02-29' })).toBe('2100-02-28');
    expect(at({ addMonths: 'D', months: -1 }, { D: '2024-03-31' })).toBe('2024-02-29');
    expect(at({ addMonths: 'D', months: -13 }, { D: '2024-01-15' })).toBe('2022-12-15');
  });
  it('composes with date parsing and gives null for a null date or amount', () => {
    expect(at({ addDays: { date: 'D', format: 'dd.MM.yyyy' }, days: 14 }, { D: '20.12.2024' })).toBe(
      '2025-01-03',
    );
    expect(at({ addDays: 'D', days: 1 }, { D: null })).toBeNull();
    expect(at({ addMonths: 'D', months: 'N' }, { D: '2024-01-01', N: '' })).toBeNull();
  });
  it('reads an amount given as text in decimal digits only', () => {
    expect(at({ addDays: 'D', days: 'N' }, { D: '2024-01-01', N: ' +2 ' })).toBe('2024-01-03');
    expect(at({ addMonths: 'D', months: 'N' }, { D: '2024-01-01', N: '2.00' })).toBe('2024-03-01');
    for (const text of ['0x10', '1e1', '0b1', '0o7', '2.5', 'Infinity'])
      expect(failure({ addDays: 'D', days: 'N' }, { D: '2024-01-01', N: text })).toBe(
        `invalid_integer: days must be a whole number, got "${text}"`,
      );
  });
  it('keeps the type of its input for the checks', () => {
    expect(compileOne({ addDays: 'D', days: 1 }, { columns: { D: 'date' } }).type).toBe('date');
    expect(compileOne({ addMonths: 'T', months: 1 }, { columns: { T: 'timestamp' } }).type).toBe('timestamp');
    expect(compileOne({ daysBetween: ['D', 'T'] }, { columns: { D: 'date', T: 'timestamp' } }).type).toBe(
      'integer',
    );
  });
});

describe('addDays and addMonths on timestamps, in a time zone', () => {
  it('keeps the wall-clock time across a DST change (a day of 23 or 25 hours)', () => {
    // 12:00 in Berlin the day before summer time starts (CET, +01), one day later 12:00 CEST (+02).
    expect(at({ addDays: 'T', days: 1 }, { T: '2024-03-30T11:00:00.000000Z' }, BERLIN)).toBe(
      '2024-03-31T10:00:00.000000Z',
    );
    // and back: 12:00 CEST before winter time, one day later 12:00 CET
    expect(at({ addDays: 'T', days: 1 }, { T: '2024-10-26T10:00:00.000000Z' }, BERLIN)).toBe(
      '2024-10-27T11:00:00.000000Z',
    );
    // in UTC the same instant moves by 24 hours
    expect(at({ addDays: 'T', days: 1 }, { T: '2024-03-30T11:00:00.000000Z' })).toBe(
      '2024-03-31T11:00:00.000000Z',
    );
  });
  it('follows the time module’s rule where the shifted wall time is in a gap or a fold', () => {
    // 02:30 on 30 March; 31 March 02:30 does not exist in Berlin: read with the offset before the gap
    expect(at({ addDays: 'T', days: 1 }, { T: '2024-03-30T01:30:00.123456Z' }, BERLIN)).toBe(
      '2024-03-31T01:30:00.123456Z',
    );
    // 02:30 on 26 October; 27 October 02:30 happens twice: the earlier instant
    expect(at({ addDays: 'T', days: 1 }, { T: '2024-10-26T00:30:00.000000Z' }, BERLIN)).toBe(
      '2024-10-27T00:30:00.000000Z',
    );
  });
  it('uses its own timezone option over the source zone, and reads wall-clock text in it', () => {
    const raw = { addMonths: 'T', months: 1, timezone: 'America/New_York' };
    // 31 January 23:00 in New York is 1 February 04:00Z; a month later: 29 February 23:00 EST
    expect(at(raw, { T: '2024-02-01T04:00:00.000000Z' }, BERLIN)).toBe('2024-03-01T04:00:00.000000Z');
    expect(at({ addDays: 'T', days: 1 }, { T: '2024-03-30 12:00' }, BERLIN)).toBe(
      '2024-03-31T10:00:00.000000Z',
    );
  });
});

describe('daysBetween', () => {
  it('counts calendar days, negative when the second is earlier, through leap days', () => {
    expect(at({ daysBetween: ['A', 'B'] }, { A: '2024-02-28', B: '2024-03-01' })).toBe(2);
    expect(at({ daysBetween: ['A', 'B'] }, { A: '2023-02-28', B: '2023-03-01' })).toBe(1);
    expect(at({ daysBetween: ['A', 'B'] }, { A: '2024-03-01', B: '2023-03-01' })).toBe(-366);
    expect(at({ daysBetween: ['A', 'B'] }, { A: '2024-01-01', B: null })).toBeNull();
  });
  it('counts a timestamp by its day in the zone, across a DST change', () => {
    const row = { A: '2024-03-01', B: '2024-03-30T23:30:00.000000Z' };
    expect(at({ daysBetween: ['A', 'B'] }, row, BERLIN)).toBe(30); // 00:30 on 31 March in Berlin
    expect(at({ daysBetween: ['A', 'B'] }, row)).toBe(29);
    const dst = { A: '2024-03-30T12:00:00.000000Z', B: '2024-03-31T11:59:00.000000Z' };
    expect(at({ daysBetween: ['A', 'B'] }, dst, BERLIN)).toBe(1); // 23h59 apart, one calendar day
  });
});

describe('bad input: the row fails with a clear code, the mapping with a problem', () => {
  it('rejects dates that do not exist, values of the wrong kind and fractional amounts', () => {
    expect(failure({ addDays: 'D', days: 1 }, { D: '2023-02-29' })).toBe(
      'invalid_date: "2023-02-29" is not a valid date or time',
    );
    expect(failure({ addDays: 'D', days: 1 }, { D: 20240101 })).toBe(
      'invalid_date: not a date or timestamp: 20240101',
    );
    expect(failure({ addDays: 'D', days: 'N' }, { D: '2024-01-01', N: '1.5' })).toBe(
      'invalid_integer: days must be a whole number, got "1.5"',
    );
    expect(failure({ daysBetween: ['A', 'B'] }, { A: '2024-01-01', B: 'soon' })).toMatch(
      /^invalid_date: "soon"/,
    );
  });
  it('rejects results beyond the years 0001-9999 instead of wrapping', () => {
    expect(failure({ addDays: 'D', days: 1 }, { D: '9999-12-31' })).toBe(
      'invalid_date: "9999-12-31" plus 1 days is outside the years 0001-9999',
    );
    expect(failure({ addMonths: 'D', months: -1 }, { D: '0001-01-15' })).toBe(
      'invalid_date: "0001-01-15" plus -1 months is outside the years 0001-9999',
    );
    expect(failure({ addDays: 'T', days: 9e15 }, { T: '2024-01-01T00:00:00.000000Z' })).toMatch(
      /outside the years 0001-9999/,
    );
  });
  it('reports wrong operand types, a missing amount and an unknown zone before any row', () => {
    const typed = compileOne({ addDays: 'Flag', days: 'Flag' }, { columns: { Flag: 'boolean' } });
    expect(typed.problems.map((p) => p.message)).toEqual([
      'addDays needs a date or timestamp, this is boolean',
      'addDays days needs a number, this is boolean',
    ]);
    expect(compileOne({ addMonths: 'D' }).problems[0]?.message).toBe('addMonths needs the option "months"');
    expect(compileOne({ addDays: 'D', days: 1, timezone: 'Mars/Olympus' }).problems[0]?.message).toMatch(
      /unknown time zone "Mars\/Olympus"/,
    );
    expect(compileOne({ daysBetween: ['A'] }).problems[0]?.message).toBe('daysBetween takes [from, to]');
  });
  it('names the field and the record when a row fails in a mapping', () => {
    const mapping = {
      source: 's',
      entities: {
        customers: {
          stream: 'Customer',
          id: '{CustomerId}',
          fields: { firstName: 'FirstName', lastName: 'LastName', email: 'Email' },
        },
        invoices: {
          stream: 'Invoice',
          id: 'INV-{InvoiceId}',
          fields: {
            issuedAt: { addDays: 'InvoiceDate', days: 'BillingPostalCode' },
            total: { round: { multiply: ['Total', 1.19] }, scale: 2 },
          },
          refs: { customer: '{CustomerId}' },
        },
      },
    };
    const invoices = compileMapping(mapping, CORE_SCHEMA, { streams: CHINOOK_SQLITE_STREAMS }).entity(
      'invoices',
    )!;
    const row = { InvoiceId: 7, CustomerId: 2, InvoiceDate: '2024-01-31T10:00:00.000000Z', Total: '1.98' };
    expect(invoices.transform({ ...row, BillingPostalCode: '30' })).toMatchObject({
      record: { externalId: 'INV-7', fields: { issuedAt: '2024-03-01T10:00:00.000000Z', total: '2.36' } },
    });
    expect(invoices.transform({ ...row, BillingPostalCode: 'D-70173' })).toMatchObject({
      externalId: 'INV-7',
      error: {
        field: 'fields.issuedAt',
        code: 'invalid_integer',
        message: 'days must be a whole number, got "D-70173"',
      },
    });
  });
});
