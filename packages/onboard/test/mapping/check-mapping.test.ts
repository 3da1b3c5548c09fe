import { describe, expect, it } from 'vitest';
import { checkMapping, formatProblem } from '../../src/mapping/index.ts';
import { CHINOOK_SQLITE_STREAMS } from './fixtures/chinook-streams.ts';
import { CORE_SCHEMA } from './fixtures/core-schema.ts';
import { STAFF_MAPPING } from './fixtures/staff-mapping.ts';

/** Problems as `line:column code` strings, in file order. */
const check = (text: string, hooks?: Record<string, unknown>) =>
  checkMapping(text, CORE_SCHEMA, CHINOOK_SQLITE_STREAMS, hooks ? { hooks } : {}).map(
    (problem) => `${problem.line}:${problem.column} ${problem.code}`,
  );

const GOOD = STAFF_MAPPING;

describe('checkMapping', () => {
  it('finds nothing wrong in a good mapping', () => {
    expect(check(GOOD)).toEqual([]);
  });

  it('reports an unknown entity at its key', () => {
    expect(check(`${GOOD}  employees:\n    stream: Employee\n    id: "{EmployeeId}"\n`)).toEqual([
      '9:3 unknown_entity',
    ]);
  });

  it('reports an unknown field and suggests the near one', () => {
    const problems = checkMapping(`${GOOD}      firstname: FirstName\n`, CORE_SCHEMA, CHINOOK_SQLITE_STREAMS);
    expect(problems).toMatchObject([{ code: 'unknown_field', line: 9, column: 7 }]);
    expect(problems[0]?.message).toMatch(/did you mean "firstName"/);
  });

  it('reports a missing required field at the fields key, and a missing required reference', () => {
    const text = `source: chinook
entities:
  customers:
    stream: Customer
    id: "{CustomerId}"
    fields:
      firstName: FirstName
      lastName: LastName
  invoices:
    stream: Invoice
    id: "{InvoiceId}"
    fields:
      issuedAt: InvoiceDate
      total: Total
`;
    const problems = checkMapping(text, CORE_SCHEMA, CHINOOK_SQLITE_STREAMS);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.code} ${p.message}`)).toEqual([
      '6:5 missing_required_field required field "email" of customers is not mapped',
      '9:3 missing_required_field required reference "customer" (-> customers) of invoices is not mapped',
    ]);
  });

  it('reports a type that cannot convert', () => {
    const text = GOOD.replace('lastName: LastName', 'lastName: LastName\n      hiredAt: EmployeeId');
    const problems = checkMapping(text, CORE_SCHEMA, CHINOOK_SQLITE_STREAMS);
    expect(problems).toMatchObject([{ code: 'type_mismatch', line: 9, column: 16 }]);
    expect(problems[0]?.message).toBe(
      'a value of type integer cannot convert to date field "hiredAt" of staff',
    );
  });

  it('reports lookup and when outcomes that are not values of an enum field', () => {
    const text = `source: chinook
lookups:
  statuses: { P: paid, X: closed, O: OPEN }
entities:
  customers:
    stream: Customer
    id: "{CustomerId}"
    fields: { firstName: FirstName, lastName: LastName, email: Email }
  invoices:
    stream: Invoice
    id: "{InvoiceId}"
    fields:
      issuedAt: InvoiceDate
      total: Total
      status: { lookup: BillingState, table: statuses, default: { const: unknown } }
    refs: { customer: "{CustomerId}" }
  payments:
    stream: Invoice
    id: "{InvoiceId}"
    fields:
      amount: Total
      paidAt: InvoiceDate
      method: { when: [{ if: { gt: [Total, 0] }, then: { const: card } }], else: { const: cash } }
    refs: { customer: "{CustomerId}" }
`;
    const schema = {
      ...CORE_SCHEMA,
      entities: CORE_SCHEMA.entities.map((entity) =>
        entity.name !== 'payments'
          ? entity
          : {
              ...entity,
              fields: entity.fields.map((f) =>
                f.name === 'method' ? { ...f, type: 'enum' as const, enum: ['card'] } : f,
              ),
            },
      ),
    };
    const problems = checkMapping(text, schema, CHINOOK_SQLITE_STREAMS);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '15:15 "closed", "unknown" are not among the values of enum field "status": draft, open, paid, void',
      '23:15 "cash" is not among the values of enum field "method": card',
    ]);
  });

  it('reports constant outcomes longer than a string field allows', () => {
    const long = 'x'.repeat(101);
    const text = GOOD.replace(
      'lastName: LastName',
      `lastName: LastName\n      title: { lookup: Title, values: { A: Analyst, X: ${long} } }`,
    );
    const problems = checkMapping(text, CORE_SCHEMA, CHINOOK_SQLITE_STREAMS);
    expect(problems).toMatchObject([{ code: 'type_mismatch', line: 9, column: 14 }]);
    expect(problems[0]?.message).toMatch(/^"x{101}" longer than the 100 characters of field "title"$/);
  });

  it('reports unknown columns inside expressions, templates and filters', () => {
    const text = GOOD.replace('"{EmployeeId}"', '"{EmployeId}"')
      .replace('firstName: FirstName', 'firstName: { trim: Frist }')
      .replace('    fields:', '    filter: { eq: [Titel, "IT Staff"] }\n    fields:');
    expect(check(text)).toEqual(['5:9 unknown_column', '6:20 unknown_column', '8:26 unknown_column']);
  });

  it('hints at {const} when a bare word meant as text is no column', () => {
    const text = GOOD.replace('lastName: LastName', 'lastName: LastName\n      title: Manager');
    const [problem] = checkMapping(text, CORE_SCHEMA, CHINOOK_SQLITE_STREAMS);
    expect(problem?.message).toMatch(
      /^unknown column "Manager" in stream "Employee"; for the text "Manager" write \{const: Manager\}; it has: EmployeeId, /,
    );
  });

  it('accepts a $schema key, for JSON mappings', () => {
    expect(check(`"$schema": ./mapping.schema.json\n${GOOD}`)).toEqual([]);
  });

  it('reports an unknown stream and a custom query the source did not discover', () => {
    const text = `source: chinook
entities:
  staff:
    stream: Employees
    id: "{EmployeeId}"
    fields: { firstName: FirstName, lastName: LastName }
  locations:
    query: { name: offices, sql: "SELECT 1" }
    id: "{City}"
    fields: { name: City }
`;
    expect(check(text)).toEqual(['4:13 unknown_stream', '8:20 unknown_stream']);
  });

  it('reports a reference to an entity the mapping never fills, and an unknown reference', () => {
    const text = `${GOOD}    refs:\n      manager: "{ReportsTo}"\n      location: "{City}"\n      boss: "{ReportsTo}"\n`;
    expect(check(text)).toEqual(['11:7 unfilled_reference_target', '12:7 unknown_reference']);
  });

  it('reports an unknown hook, with and without a hooks module', () => {
    const text = GOOD.replace('firstName: FirstName', 'firstName: { hook: cleanName, args: [FirstName] }');
    expect(check(text, { other: () => 1 })).toEqual(['7:26 unknown_hook']);
    expect(check(text)).toEqual(['7:26 unknown_hook']);
    expect(check(text, { cleanName: (name: unknown) => name })).toEqual([]);
  });

  it('reports bad expressions and bad keys, every one at once', () => {
    const text = `source: "chinook db"
extra: 1
entities:
  staff:
    stream: Employee
    id: EmployeeId
    fields:
      firstName: { upcase: FirstName }
      lastName: { date: LastName, format: "yyyy-QQ" }
      email: { lookup: Email, table: nope }
    colour: blue
`;
    expect(check(text)).toEqual([
      '1:9 invalid_mapping',
      '2:1 invalid_mapping',
      '6:9 bad_expression',
      '8:18 bad_expression',
      '9:43 bad_expression',
      '10:38 unknown_lookup',
      '11:5 invalid_mapping',
    ]);
  });

  it('reports YAML syntax errors with their place', () => {
    const problems = checkMapping('source: chinook\nentities:\n  staff: [\n', CORE_SCHEMA, undefined);
    expect(problems[0]).toMatchObject({ code: 'syntax', line: 4 });
    const duplicate = checkMapping('source: a\nsource: b\nentities: {}\n', CORE_SCHEMA, undefined);
    expect(duplicate[0]).toMatchObject({ code: 'syntax', line: 2, column: 1 });
  });

  it('checks without discovery too, skipping only the source-side checks', () => {
    const text = GOOD.replace('FirstName', 'NoSuchColumn');
    expect(checkMapping(text, CORE_SCHEMA, undefined)).toEqual([]);
  });

  it('formats problems the way compilers do', () => {
    const [problem] = checkMapping(`${GOOD}      nickname: FirstName\n`, CORE_SCHEMA, CHINOOK_SQLITE_STREAMS);
    expect(formatProblem('m.yaml', problem!)).toMatch(
      /^m\.yaml:9:7: unknown field "nickname" of staff; fields: .* \[unknown_field\]$/,
    );
  });
});
