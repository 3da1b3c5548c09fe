// biome-ignore-all lint/suspicious/noThenProperty: `then` is a key of the mapping format's `when` branches
import { describe, expect, it } from 'vitest';
import { compileOne, evaluate, failure } from './expression-harness.ts';

const row = {
  FirstName: '  ada ',
  LastName: 'Lovelace',
  Mobile: null,
  Phone: '  ',
  Fax: '+44 20 7946 0000',
  Tags: 'vip, north ,  eu',
  Amount: '1.234,50',
  Count: 7,
  Status: 'A',
  Born: '10.12.1815',
  Active: 'Y',
  Price: '12.5',
} as const;

describe('column and constants', () => {
  it('reads a column by its name, also with a different case or underscores', () => {
    expect(evaluate('LastName', row)).toBe('Lovelace');
    expect(evaluate({ column: 'last_name' }, row)).toBe('Lovelace');
    expect(evaluate('Mobile', row)).toBeNull();
  });
  it('gives the discovered type of a column and reports an unknown one', () => {
    const known = compileOne('Count', { columns: { Count: 'integer' } });
    expect(known.type).toBe('integer');
    const unknown = compileOne('Cuont', { columns: { Count: 'integer' } });
    expect(unknown.problems).toMatchObject([{ code: 'unknown_column', path: ['expr'] }]);
  });
  it('keeps numbers, booleans, null and {const} as constants', () => {
    expect(evaluate(42, row)).toBe(42);
    expect(evaluate(true, row)).toBe(true);
    expect(evaluate(null, row)).toBeNull();
    expect(evaluate({ const: 'USD' }, row)).toBe('USD');
    expect(evaluate({ const: { a: [1] } }, row)).toEqual({ a: [1] });
  });
});

describe('template', () => {
  it('fills placeholders, renders null as empty and keeps escaped braces', () => {
    expect(evaluate('{LastName}, {Status}', row)).toBe('Lovelace, A');
    expect(evaluate({ template: '{LastName}/{Mobile}' }, row)).toBe('Lovelace/');
    expect(evaluate('{{{Count}}}', row)).toBe('{7}');
  });
  it('reports an unclosed placeholder', () => {
    expect(compileOne('{LastName').problems[0]?.message).toMatch(/unclosed "\{"/);
    expect(compileOne('a } b').problems[0]?.message).toMatch(/unmatched "}"/);
  });
});

describe('coalesce and nullIf', () => {
  it('takes the first value that is neither null nor blank', () => {
    expect(evaluate({ coalesce: ['Mobile', 'Phone', 'Fax'] }, row)).toBe('+44 20 7946 0000');
    expect(evaluate({ coalesce: ['Mobile', 'Phone'] }, row)).toBeNull();
  });
  it('turns listed values into null', () => {
    expect(evaluate({ nullIf: 'Status', values: ['A', 'n/a'] }, row)).toBeNull();
    expect(evaluate({ nullIf: 'LastName', values: ['A'] }, row)).toBe('Lovelace');
  });
});

describe('text functions', () => {
  it('trims and changes case', () => {
    expect(evaluate({ trim: 'FirstName' }, row)).toBe('ada');
    expect(evaluate({ upper: { trim: 'FirstName' } }, row)).toBe('ADA');
    expect(evaluate({ lower: 'LastName' }, row)).toBe('lovelace');
    expect(evaluate({ titleCase: { const: "o'NEIL-smith van DYKE" } }, row)).toBe("O'Neil-Smith Van Dyke");
    expect(evaluate({ upper: 'Mobile' }, row)).toBeNull();
  });
  it('splits into trimmed parts, or picks one part', () => {
    expect(evaluate({ split: 'Tags' }, row)).toEqual(['vip', 'north', 'eu']);
    expect(evaluate({ split: 'Tags', index: -1 }, row)).toBe('eu');
    expect(evaluate({ split: 'Tags', index: 5 }, row)).toBeNull();
    expect(evaluate({ split: 'LastName', separator: 'l', index: 0 }, row)).toBe('Love');
  });
  it('joins values, skipping blanks, and joins a split list', () => {
    expect(evaluate({ join: ['LastName', 'Mobile', 'Phone', 'Status'], separator: ', ' }, row)).toBe(
      'Lovelace, A',
    );
    expect(evaluate({ join: { split: 'Tags' }, separator: '|' }, row)).toBe('vip|north|eu');
    expect(evaluate({ join: ['Mobile'] }, row)).toBeNull();
  });
  it('replaces regular-expression matches', () => {
    expect(evaluate({ replace: 'Fax', pattern: '[^0-9+]', with: '' }, row)).toBe('+442079460000');
    // `with` is a JavaScript replacement, as docs/mappings.md says: groups, the match, `$$`.
    expect(evaluate({ replace: 'P', pattern: '^0(\\d+)$', with: '+49$1' }, { P: '0301234' })).toBe(
      '+49301234',
    );
    expect(evaluate({ replace: 'P', pattern: 'b', with: '[$&$$]' }, { P: 'abc' })).toBe('a[b$]c');
    expect(compileOne({ replace: 'Fax', pattern: '(' }).problems[0]).toMatchObject({
      code: 'bad_expression',
      path: ['expr', 'pattern'],
    });
  });
  it('fails a row on a value that is not text', () => {
    expect(failure({ upper: { const: { a: 1 } } }, row)).toMatch(/^invalid_type: expected text/);
  });
});

describe('numbers', () => {
  it('parses locale decimals exactly', () => {
    expect(evaluate({ decimal: 'Amount', decimalSeparator: ',' }, row)).toBe('1234.50');
    expect(evaluate({ decimal: { const: '1,234.5' } }, row)).toBe('1234.5');
    expect(evaluate({ decimal: { const: "1'234.50" } }, row)).toBe('1234.50');
    expect(evaluate({ decimal: { const: '-0007' } }, row)).toBe('-7');
    expect(evaluate({ decimal: 'Price', scale: 2 }, row)).toBe('12.50');
    expect(evaluate({ decimal: { const: '2.345' }, scale: 2 }, row)).toBe('2.35');
    expect(evaluate({ decimal: { const: 0.1 } }, row)).toBe('0.1');
    expect(evaluate({ decimal: { const: 1e-7 } }, row)).toBe('0.0000001');
  });
  it('parses integers and floats', () => {
    expect(evaluate({ integer: { const: '1.234' }, groupSeparator: '.', decimalSeparator: ',' }, row)).toBe(
      1234,
    );
    expect(evaluate({ integer: 'Count' }, row)).toBe(7);
    expect(evaluate({ number: 'Amount', decimalSeparator: ',' }, row)).toBe(1234.5);
  });
  it('fails a row on a value that is not a number', () => {
    expect(failure({ decimal: 'LastName' }, row)).toBe('invalid_number: not a number: "Lovelace"');
    expect(failure({ decimal: 'Amount' }, row)).toMatch(/^invalid_number/);
    expect(failure({ integer: 'Price' }, row)).toBe('invalid_integer: not a whole number: "12.5"');
  });
  it('reports separators that clash', () => {
    expect(
      compileOne({ decimal: 'Amount', decimalSeparator: ',', groupSeparator: ',' }).problems,
    ).toHaveLength(1);
  });
});

describe('booleans', () => {
  it('reads vendor spellings', () => {
    expect(evaluate({ boolean: 'Active' }, row)).toBe(true);
    expect(evaluate({ boolean: { const: 'off' } }, row)).toBe(false);
    expect(evaluate({ boolean: { const: 0 } }, row)).toBe(false);
    expect(failure({ boolean: 'Status' }, row)).toBe('invalid_boolean: not a yes/no value: "A"');
  });
});

describe('dates and timestamps', () => {
  it('parses a date with an explicit format', () => {
    expect(evaluate({ date: 'Born', format: 'dd.MM.yyyy' }, row)).toBe('1815-12-10');
    expect(evaluate({ date: { const: '2024-02-29T23:30:00Z' } }, row)).toBe('2024-02-29');
  });
  it('reads wall-clock timestamps in a time zone and gives UTC', () => {
    const summer = {
      timestamp: { const: '01/07/2024 14:05' },
      format: 'dd/MM/yyyy HH:mm',
      timezone: 'Europe/Berlin',
    };
    expect(evaluate(summer, row)).toBe('2024-07-01T12:05:00.000000Z');
    const winter = {
      timestamp: { const: '15/01/2024 14:05' },
      format: 'dd/MM/yyyy HH:mm',
      timezone: 'Europe/Berlin',
    };
    expect(evaluate(winter, row)).toBe('2024-01-15T13:05:00.000000Z');
    expect(evaluate({ timestamp: { const: '2024-01-15 08:00:00.25+05:30' } }, row)).toBe(
      '2024-01-15T02:30:00.250000Z',
    );
  });
  it('fails a row on a date that does not match or does not exist', () => {
    expect(failure({ date: 'Born', format: 'yyyy-MM-dd' }, row)).toBe(
      'invalid_date: "10.12.1815" does not match the format "yyyy-MM-dd"',
    );
    expect(failure({ date: { const: '31.02.2024' }, format: 'dd.MM.yyyy' }, row)).toMatch(
      /^invalid_date: .* not a valid date/,
    );
    expect(failure({ timestamp: 'Count' }, row)).toBe('invalid_date: not a date: 7');
  });
  it('reports an unknown format token and time zone', () => {
    expect(compileOne({ date: 'Born', format: 'dd.QQ.yyyy' }).problems[0]?.message).toMatch(
      /unknown token "QQ"/,
    );
    expect(compileOne({ timestamp: 'Born', timezone: 'Mars/Olympus' }).problems[0]).toMatchObject({
      path: ['expr', 'timezone'],
    });
  });
});

describe('conditions and when', () => {
  const status = (condition: unknown) =>
    evaluate({ when: [{ if: condition, then: { const: 'yes' } }], else: { const: 'no' } }, row);
  it('compares numbers numerically and text as text', () => {
    expect(status({ eq: ['Status', 'A'] })).toBe('yes');
    expect(status({ ne: ['Status', 'A'] })).toBe('no');
    expect(status({ gt: ['Count', 5] })).toBe('yes');
    expect(status({ gte: ['Price', '12.50'] })).toBe('yes');
    expect(status({ lt: ['Price', 9] })).toBe('no');
    expect(status({ lte: ['Count', 7] })).toBe('yes');
    expect(status({ eq: ['Count', { column: 'Count' }] })).toBe('yes');
  });
  it('handles null, lists, patterns and logic', () => {
    expect(status({ isNull: 'Mobile' })).toBe('yes');
    expect(status({ notNull: 'Mobile' })).toBe('no');
    expect(status({ isBlank: 'Phone' })).toBe('yes');
    expect(status({ gt: ['Mobile', 1] })).toBe('no');
    expect(status({ in: ['Status', ['A', 'B']] })).toBe('yes');
    expect(status({ matches: ['Fax', '^\\+44'] })).toBe('yes');
    expect(status({ and: [{ eq: ['Status', 'A'] }, { not: { isNull: 'LastName' } }] })).toBe('yes');
    expect(status({ or: [{ eq: ['Status', 'B'] }, { eq: ['Count', 8] }] })).toBe('no');
  });
  it('takes the first branch that holds, else null without else', () => {
    const expr = {
      when: [
        { if: { eq: ['Status', 'B'] }, then: { const: 1 } },
        { if: { eq: ['Status', 'A'] }, then: { const: 2 } },
      ],
    };
    expect(evaluate(expr, row)).toBe(2);
    expect(evaluate({ when: [{ if: { eq: ['Status', 'Z'] }, then: 1 }] }, row)).toBeNull();
  });
  it('reports a bad condition where it is', () => {
    const { problems } = compileOne({ when: [{ if: { equals: ['Status', 'A'] }, then: 1 }] });
    expect(problems).toMatchObject([{ code: 'bad_expression', path: ['expr', 'when', 0, 'if', 'equals'] }]);
  });
});

describe('lookup', () => {
  const lookups = { statuses: { A: 'active', I: 'inactive' } };
  it('maps through a named table or inline values, with a default', () => {
    expect(evaluate({ lookup: 'Status', table: 'statuses' }, row, { lookups })).toBe('active');
    expect(evaluate({ lookup: 'Count', values: { '7': 'seven' } }, row)).toBe('seven');
    expect(evaluate({ lookup: 'LastName', values: { x: 1 }, default: { const: 'other' } }, row)).toBe(
      'other',
    );
    expect(evaluate({ lookup: { const: 'a' }, table: 'statuses', ignoreCase: true }, row, { lookups })).toBe(
      'active',
    );
    expect(evaluate({ lookup: 'Mobile', values: { x: 1 }, default: 0 }, row)).toBe(0);
  });
  it('fails a row whose value has no entry and no default', () => {
    expect(failure({ lookup: 'LastName', table: 'statuses' }, row, { lookups })).toBe(
      'unmapped_value: no entry for "Lovelace" in lookup "statuses"',
    );
  });
  it('reports an unknown table and a lookup with neither table nor values', () => {
    expect(compileOne({ lookup: 'Status', table: 'nope' }).problems).toMatchObject([
      { code: 'unknown_lookup' },
    ]);
    expect(compileOne({ lookup: 'Status' }).problems).toMatchObject([{ code: 'bad_expression' }]);
  });
});

describe('object and hook', () => {
  it('builds a JSON object from expressions', () => {
    expect(
      evaluate({ object: { name: '{LastName}', tags: { split: 'Tags' }, none: 'Mobile' } }, row),
    ).toEqual({
      name: 'Lovelace',
      tags: ['vip', 'north', 'eu'],
      none: null,
    });
  });
  it('calls a hook with its arguments and turns a throw into a row error', () => {
    const hooks = {
      initials: (first: string, last: string) => `${first.trim()[0]}${last[0]}`.toUpperCase(),
      broken: () => {
        throw new Error('boom');
      },
    };
    expect(evaluate({ hook: 'initials', args: ['FirstName', 'LastName'] }, row, { hooks })).toBe('AL');
    expect(failure({ hook: 'broken' }, row, { hooks })).toBe('hook_failed: hook "broken" failed: boom');
    expect(compileOne({ hook: 'missing' }, { hooks }).problems).toMatchObject([
      { code: 'unknown_hook', path: ['expr', 'hook'] },
    ]);
  });
});

describe('bad expressions', () => {
  it('reports unknown operators, two operators, unknown options and missing options', () => {
    expect(compileOne({ upcase: 'LastName' }).problems[0]?.message).toMatch(/unknown expression \{upcase\}/);
    expect(compileOne({ upper: 'A', lower: 'B' }).problems[0]?.message).toMatch(
      /one operator, found upper and lower/,
    );
    expect(compileOne({ trim: 'A', side: 'left' }).problems[0]).toMatchObject({
      path: ['expr', 'side'],
      key: true,
    });
    expect(compileOne({ replace: 'A' }).problems[0]?.message).toMatch(/needs the option "pattern"/);
    expect(compileOne([1, 2]).problems[0]?.message).toMatch(/expected an expression/);
  });
  it('reports every problem of a nested expression, not only the first', () => {
    const { problems } = compileOne(
      { coalesce: [{ nope: 1 }, { date: 'X', format: 'yyyy-QQ' }] },
      { columns: { Y: 'string' } },
    );
    expect(problems.map((p) => p.path)).toEqual([
      ['expr', 'coalesce', 0],
      ['expr', 'coalesce', 1, 'date'],
      ['expr', 'coalesce', 1, 'format'],
    ]);
  });
});
