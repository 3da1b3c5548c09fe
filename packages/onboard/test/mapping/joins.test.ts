import { describe, expect, it } from 'vitest';
import { analyseMapping, checkMapping, parseMappingText } from '../../src/mapping/index.ts';
import { unusedColumns } from '../../src/mapping/unused-columns.ts';
import { CHINOOK_POSTGRES_STREAMS, CHINOOK_SQLITE_STREAMS } from './fixtures/chinook-streams.ts';
import { CORE_SCHEMA } from './fixtures/core-schema.ts';

/** Invoice lines that follow their invoice to its customer, without SQL. */
const LINES = `source: chinook
entities:
  invoices:
    stream: Invoice
    id: "{InvoiceId}"
    fields: { issuedAt: InvoiceDate, total: Total }
    refs: { customer: "{CustomerId}" }
  customers:
    stream: Customer
    id: "{CustomerId}"
    fields: { firstName: FirstName, lastName: LastName, email: Email }
  invoiceLines:
    stream: InvoiceLine
    joins:
      invoice: { stream: Invoice, on: InvoiceId }
      buyer: { stream: Customer, on: invoice.CustomerId }
    id: "{InvoiceLineId}"
    cursor: [InvoiceLineId, invoice.InvoiceDate]
    fields:
      quantity: Quantity
      unitPrice: UnitPrice
      description: "{buyer.LastName}: line {InvoiceLineId} of {invoice.InvoiceId}"
    refs: { invoice: "{InvoiceId}" }
`;

const problems = (text: string, streams = CHINOOK_SQLITE_STREAMS) =>
  checkMapping(text, CORE_SCHEMA, streams).map((p) => `${p.line}:${p.column} ${p.code}: ${p.message}`);

describe('joins', () => {
  it('compile to the joined streams, their keys and the columns they follow, in order', () => {
    const { compiled, problems: found } = analyseMapping(parseMappingText(LINES).data, CORE_SCHEMA, {
      streams: CHINOOK_SQLITE_STREAMS,
    });
    expect(found).toEqual([]);
    const lines = compiled?.entity('invoiceLines');
    expect(lines?.joins).toEqual([
      { alias: 'invoice', stream: 'Invoice', on: ['InvoiceId'], key: ['InvoiceId'] },
      { alias: 'buyer', stream: 'Customer', on: ['invoice.CustomerId'], key: ['CustomerId'] },
    ]);
    expect(lines?.cursor).toBe('max(InvoiceLineId, invoice.InvoiceDate)');
    expect(lines?.cursorColumns).toEqual(['InvoiceLineId', 'invoice.InvoiceDate']);
    // A cursor of the entity's own column alone stays a plain cursor, read in SQL.
    expect(compiled?.entity('invoices')?.cursorColumns).toBeUndefined();
    const row = {
      InvoiceLineId: 7,
      InvoiceId: 3,
      Quantity: 1,
      UnitPrice: '0.99',
      'invoice.InvoiceId': 3,
      'buyer.LastName': 'Gruber',
    };
    const out = lines?.transform(row);
    expect(out && 'record' in out ? out.record.fields['description'] : out).toBe('Gruber: line 7 of 3');
  });

  it('count as reading the joined columns, the joined key and the columns they follow', () => {
    const { compiled } = analyseMapping(parseMappingText(LINES).data, CORE_SCHEMA, {
      streams: CHINOOK_SQLITE_STREAMS,
    });
    const unused = unusedColumns(compiled!, CHINOOK_SQLITE_STREAMS).columns;
    const of = (stream: string) => unused.find((entry) => entry.stream === stream)?.columns;
    // InvoiceLine: TrackId only; InvoiceId is followed by the join, InvoiceLineId is the cursor.
    expect(of('InvoiceLine')).toEqual(['TrackId']);
    // Customer is read by customers and, through buyer, for LastName by its key.
    expect(of('Customer')).not.toContain('LastName');
    expect(of('Customer')).not.toContain('CustomerId');
    // Invoice: InvoiceDate through the cursor, CustomerId followed by the buyer join.
    expect(of('Invoice')).not.toContain('InvoiceDate');
    expect(of('Invoice')).toContain('BillingCity');
  });

  it('match names across spellings, like every other name of a mapping', () => {
    expect(problems(LINES, CHINOOK_POSTGRES_STREAMS)).toEqual([]);
  });

  it('report an unknown stream, an unknown or later column in on, a bad alias and a mismatched key', () => {
    const text = `source: chinook
entities:
  customers:
    stream: Customer
    joins:
      rep: { stream: Employe, on: SupportRepId }
      later: { stream: Employee, on: boss.ReportsTo }
      boss: { stream: Employee, on: [SupportRepId, Email] }
      2bad: { stream: Employee, on: SupportRepId }
      odd: { stream: Employee, on: SupportRepId, via: x }
    id: "{CustomerId}"
    cursor: [boss.Nope]
    fields: { firstName: FirstName, lastName: LastName, email: boss.Emale }
`;
    expect(problems(text)).toEqual([
      expect.stringMatching(/^6:22 unknown_stream: unknown stream "Employe" to join/),
      expect.stringMatching(
        /^7:38 unknown_column: unknown column "boss.ReportsTo" in stream "Customer" or the joins above/,
      ),
      expect.stringMatching(/^8:37 invalid_mapping: on has 2 column\(s\), the joined key \(EmployeeId\) 1/),
      expect.stringMatching(/^9:7 invalid_mapping: join alias "2bad"/),
      expect.stringMatching(/^10:50 invalid_mapping: unknown key "via" in a join/),
      expect.stringMatching(/^12:14 unknown_column: unknown cursor column "boss.Nope"/),
      expect.stringMatching(/^13:64 unknown_column: unknown column "boss.Emale"/),
    ]);
  });

  it('need a key for a joined stream without a primary key', () => {
    const streams = CHINOOK_SQLITE_STREAMS.map((s) => (s.name === 'Employee' ? { ...s, primaryKey: [] } : s));
    const text = `source: chinook
entities:
  customers:
    stream: Customer
    joins:
      rep: { stream: Employee, on: SupportRepId }
    id: "{CustomerId}"
    fields: { firstName: FirstName, lastName: rep.LastName, email: Email }
`;
    expect(problems(text, streams)).toEqual([
      expect.stringMatching(
        /^6:7 invalid_mapping: stream "Employee" has no primary key: name the joined column with key/,
      ),
    ]);
    expect(problems(text.replace('on: SupportRepId', 'on: SupportRepId, key: EmployeeId'), streams)).toEqual(
      [],
    );
  });

  it('follow the declared foreign key when on is left out, from the stream or a join above', () => {
    const fk = (columns: string[], target: string, references: string[]) => ({ columns, target, references });
    const streams = CHINOOK_SQLITE_STREAMS.map((s) =>
      s.name === 'InvoiceLine'
        ? { ...s, foreignKeys: [fk(['InvoiceId'], 'Invoice', ['InvoiceId'])] }
        : s.name === 'Invoice'
          ? { ...s, foreignKeys: [fk(['CustomerId'], 'Customer', ['CustomerId'])] }
          : s.name === 'Customer'
            ? {
                ...s,
                foreignKeys: [
                  fk(['SupportRepId'], 'Employee', ['EmployeeId']),
                  fk(['Fax'], 'Employee', ['Fax']),
                ],
              }
            : s,
    );
    const text = LINES.replace('{ stream: Invoice, on: InvoiceId }', '{ stream: Invoice }').replace(
      '{ stream: Customer, on: invoice.CustomerId }',
      '{ stream: Customer }',
    );
    const { compiled, problems: found } = analyseMapping(parseMappingText(text).data, CORE_SCHEMA, {
      streams,
    });
    expect(found).toEqual([]);
    expect(compiled?.entity('invoiceLines')?.joins).toEqual([
      { alias: 'invoice', stream: 'Invoice', on: ['InvoiceId'], key: ['InvoiceId'] },
      { alias: 'buyer', stream: 'Customer', on: ['invoice.CustomerId'], key: ['CustomerId'] },
    ]);
    const none = text.replace('buyer: { stream: Customer }', 'rep: { stream: Employee }');
    expect(problems(none, streams)).toEqual([
      expect.stringMatching(
        /no declared foreign key leads to "Employee" from "InvoiceLine" or the joins above/,
      ),
      expect.stringMatching(/unknown column "buyer.LastName"/), // the alias is rep now
    ]);
    const customers = `source: chinook
entities:
  customers:
    stream: Customer
    joins: { rep: { stream: Employee } }
    id: "{CustomerId}"
    fields: { firstName: FirstName, lastName: rep.LastName, email: Email }
`;
    expect(problems(customers, streams)).toEqual([
      expect.stringMatching(
        /several declared foreign keys lead to "Employee" \(SupportRepId; Fax\): choose one with on/,
      ),
    ]);
  });
});
