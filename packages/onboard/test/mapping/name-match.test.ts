import { describe, expect, it } from 'vitest';
import { checkMapping, foldName, matchName } from '../../src/mapping/index.ts';
import { CHINOOK_SQLITE_STREAMS } from './fixtures/chinook-streams.ts';
import { CORE_SCHEMA } from './fixtures/core-schema.ts';

describe('name matching', () => {
  it('folds case, underscores, hyphens and spaces', () => {
    expect(foldName('Invoice_Line-ID x')).toBe('invoicelineidx');
  });
  it('prefers an exact name, then a folded one, then the last dotted part for streams', () => {
    expect(matchName('InvoiceLine', ['invoice_line', 'InvoiceLine'])).toEqual({ found: 'InvoiceLine' });
    expect(matchName('UnitPrice', ['unit_price', 'quantity'])).toEqual({ found: 'unit_price' });
    expect(matchName('InvoiceLine', ['public.invoice_line'])).toEqual({ missing: true });
    expect(matchName('InvoiceLine', ['public.invoice_line'], true)).toEqual({ found: 'public.invoice_line' });
    expect(matchName('invoiceline', ['InvoiceLine', 'invoice_line'])).toEqual({
      ambiguous: ['InvoiceLine', 'invoice_line'],
    });
    expect(matchName('Invoice', ['sales.invoice', 'archive.invoice'], true)).toEqual({
      ambiguous: ['sales.invoice', 'archive.invoice'],
    }); // A quoted last part is one part, dots and all.
    expect(matchName('b.c', ['"a.b".c', 'a."b.c"'], true)).toEqual({ found: 'a."b.c"' });
    expect(matchName('c', ['"a.b".c', 'a."b.c"'], true)).toEqual({ found: '"a.b".c' });
  });
  it('reports an ambiguous stream in a mapping check', () => {
    const twice = [...CHINOOK_SQLITE_STREAMS, { ...CHINOOK_SQLITE_STREAMS[0]!, name: 'employee_' }];
    const text =
      'source: s\nentities:\n  staff:\n    stream: EMPLOYEE\n    id: "{EmployeeId}"\n    fields: { firstName: FirstName, lastName: LastName }\n';
    const problems = checkMapping(text, CORE_SCHEMA, twice);
    expect(problems).toMatchObject([{ code: 'ambiguous_name', line: 4, column: 13 }]);
    expect(problems[0]?.message).toBe(
      'stream "EMPLOYEE" matches Employee and employee_; write the exact name',
    );
  });
});
