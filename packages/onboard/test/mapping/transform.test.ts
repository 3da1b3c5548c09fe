import { describe, expect, it } from 'vitest';
import { compileMapping, MappingInvalidError } from '../../src/mapping/index.ts';
import { CHINOOK_SQLITE_STREAMS } from './fixtures/chinook-streams.ts';
import { CORE_SCHEMA } from './fixtures/core-schema.ts';

const mapping = {
  source: 'vendor-x',
  entities: {
    customers: {
      stream: 'Customer',
      id: 'C-{CustomerId}',
      filter: { notNull: 'Email' },
      fields: {
        firstName: { titleCase: { trim: 'FirstName' } },
        lastName: 'LastName',
        email: { lower: 'Email' },
        company: { nullIf: 'Company', values: [''] },
        address: { line1: 'Address', city: 'City', country: 'Country' },
        active: { boolean: 'Fax' },
        createdAt: { timestamp: 'PostalCode', format: 'dd/MM/yyyy HH:mm', timezone: 'America/New_York' },
      },
      refs: { accountManager: '{SupportRepId}' },
    },
    staff: {
      stream: 'Employee',
      id: '{EmployeeId}',
      fields: { firstName: 'FirstName', lastName: 'LastName' },
    },
  },
};
const customers = compileMapping(mapping, CORE_SCHEMA, { streams: CHINOOK_SQLITE_STREAMS }).entity(
  'customers',
)!;

const row = {
  CustomerId: 12,
  FirstName: '  jANE ',
  LastName: 'Doe',
  Company: '',
  Address: '1 Main St',
  City: 'Boston',
  State: null,
  Country: 'US',
  PostalCode: '03/11/2024 09:30',
  Phone: null,
  Fax: 'yes',
  Email: 'JANE@EXAMPLE.COM',
  SupportRepId: 3,
};

describe('transform', () => {
  it('turns a row into an import record with fields, nested objects and references', () => {
    expect(customers.transform(row)).toEqual({
      record: {
        externalId: 'C-12',
        fields: {
          firstName: 'Jane',
          lastName: 'Doe',
          email: 'jane@example.com',
          company: null,
          address: { line1: '1 Main St', city: 'Boston', country: 'US' },
          active: true,
          createdAt: '2024-11-03T14:30:00.000000Z',
        },
        refs: { accountManager: '3' },
      },
    });
  });

  it('gives the record’s external id alone, and null when the id is empty', () => {
    expect(customers.externalIdOf(row)).toBe('C-12');
    expect(customers.externalIdOf({ ...row, CustomerId: null })).toBeNull();
    // A row the filter leaves out still has an id: only the group members' ids are looked up.
    expect(customers.externalIdOf({ ...row, Email: null })).toBe('C-12');
  });

  it('gives a null reference and a null object when their columns are empty', () => {
    const result = customers.transform({
      ...row,
      SupportRepId: null,
      Address: null,
      City: null,
      Country: null,
    });
    expect(result).toMatchObject({ record: { fields: { address: null }, refs: { accountManager: null } } });
  });

  it('skips rows the filter leaves out', () => {
    expect(customers.transform({ ...row, Email: null })).toEqual({ skipped: 'filter' });
  });

  it('reports every bad value of a row, each naming its field, with the external id', () => {
    const result = customers.transform({
      ...row,
      FirstName: ' ',
      Fax: 'maybe',
      PostalCode: '31/02/2024 10:00',
    });
    expect(result).toEqual({
      externalId: 'C-12',
      error: {
        field: 'fields.firstName',
        code: 'required',
        message: 'firstName is required but the value is empty',
      },
      errors: [
        {
          field: 'fields.firstName',
          code: 'required',
          message: 'firstName is required but the value is empty',
        },
        { field: 'fields.active', code: 'invalid_boolean', message: 'not a yes/no value: "maybe"' },
        {
          field: 'fields.createdAt',
          code: 'invalid_date',
          message: '"31/02/2024 10:00" is not a valid date or time',
        },
      ],
    });
  });

  it('makes a value that fails inside the filter the row’s error', () => {
    const compiled = compileMapping(
      {
        source: 's',
        entities: {
          staff: {
            stream: 'Employee',
            id: '{EmployeeId}',
            filter: { gt: [{ decimal: 'Title' }, 0] },
            fields: { firstName: 'FirstName', lastName: 'LastName' },
          },
        },
      },
      CORE_SCHEMA,
      { streams: CHINOOK_SQLITE_STREAMS },
    );
    const staff = compiled.entity('staff')!;
    expect(staff.transform({ EmployeeId: 1, FirstName: 'A', LastName: 'B', Title: '3' })).toMatchObject({
      record: { externalId: '1' },
    });
    expect(staff.transform({ EmployeeId: 1, FirstName: 'A', LastName: 'B', Title: '-3' })).toEqual({
      skipped: 'filter',
    });
    expect(staff.transform({ EmployeeId: 1, FirstName: 'A', LastName: 'B', Title: 'boss' })).toEqual({
      error: { field: 'filter', code: 'invalid_number', message: 'not a number: "boss"' },
      errors: [{ field: 'filter', code: 'invalid_number', message: 'not a number: "boss"' }],
    });
  });

  it('reports an empty external id and a too long value', () => {
    const result = customers.transform({ ...row, CustomerId: null, LastName: 'x'.repeat(101) });
    expect(result).toMatchObject({
      errors: [
        { field: 'externalId', code: 'required' },
        { field: 'fields.lastName', code: 'too_long' },
      ],
    });
    expect(result).not.toHaveProperty('externalId');
  });

  it('names nested fields in errors and converts enums, currencies and integers', () => {
    const compiled = compileMapping(
      {
        source: 's',
        entities: {
          customers: {
            stream: 'Customer',
            id: '{CustomerId}',
            fields: {
              firstName: 'FirstName',
              lastName: 'LastName',
              email: 'Email',
              address: { city: 'City' },
            },
          },
          invoices: {
            stream: 'Invoice',
            id: '{InvoiceId}',
            fields: {
              issuedAt: 'InvoiceDate',
              total: 'Total',
              currency: 'BillingState',
              status: 'BillingCity',
              billingAddress: { postalCode: 'BillingPostalCode' },
            },
            refs: { customer: '{CustomerId}' },
          },
        },
      },
      CORE_SCHEMA,
      { streams: CHINOOK_SQLITE_STREAMS },
    );
    const invoices = compiled.entity('invoices')!;
    const good = {
      InvoiceId: 1,
      CustomerId: 2,
      InvoiceDate: '2024-01-01 10:00',
      Total: '1.98',
      BillingState: ' usd',
      BillingCity: 'PAID',
      BillingPostalCode: 70174,
    };
    expect(invoices.transform(good)).toEqual({
      record: {
        externalId: '1',
        fields: {
          issuedAt: '2024-01-01T10:00:00.000000Z',
          total: '1.98',
          currency: 'USD',
          status: 'paid',
          billingAddress: { postalCode: '70174' },
        },
        refs: { customer: '2' },
      },
    });
    const bad = invoices.transform({
      ...good,
      CustomerId: null,
      Total: 'ten',
      BillingState: 'dollars',
      BillingCity: 'late',
      BillingPostalCode: '1234567890123456789012',
    });
    expect(bad).toMatchObject({
      errors: [
        { field: 'fields.total', code: 'invalid_number' },
        { field: 'fields.currency', code: 'invalid_currency' },
        {
          field: 'fields.status',
          code: 'invalid_enum',
          message: '"late" is not one of draft, open, paid, void',
        },
        { field: 'fields.billingAddress.postalCode', code: 'too_long' },
        { field: 'refs.customer', code: 'required' },
      ],
    });
  });

  it('gives the planner each entity’s stream, references and cursor', () => {
    const compiled = compileMapping(
      {
        ...mapping,
        entities: {
          ...mapping.entities,
          staff: { ...mapping.entities.staff, stream: 'employee', cursor: 'hiredate' },
        },
      },
      CORE_SCHEMA,
      { streams: CHINOOK_SQLITE_STREAMS },
    );
    expect(compiled.source).toBe('vendor-x');
    expect(compiled.entities.map((e) => [e.entity, e.stream, e.cursor, e.references])).toEqual([
      ['customers', 'Customer', undefined, [{ name: 'accountManager', target: 'staff', required: false }]],
      ['staff', 'Employee', 'HireDate', []],
    ]);
    expect(compiled.queries).toEqual([]);
  });

  it('refuses to compile a mapping with problems, carrying every problem', () => {
    const broken = { source: 's', entities: { staff: { stream: 'Employee', id: '{Nope}', fields: {} } } };
    const error = (() => {
      try {
        compileMapping(broken, CORE_SCHEMA, { streams: CHINOOK_SQLITE_STREAMS });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(MappingInvalidError);
    expect((error as MappingInvalidError).problems.map((p) => p.code)).toEqual([
      'unknown_column',
      'missing_required_field',
      'missing_required_field',
    ]);
  });
});
