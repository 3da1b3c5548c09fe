import { describe, expect, it } from 'vitest';
import { checkMapping } from '../../src/mapping/index.ts';
import { CHINOOK_SQLITE_STREAMS } from './fixtures/chinook-streams.ts';
import { CORE_SCHEMA } from './fixtures/core-schema.ts';
import { STAFF_MAPPING } from './fixtures/staff-mapping.ts';

/** Problems as `line:column code message` strings. */
const check = (text: string) =>
  checkMapping(text, CORE_SCHEMA, CHINOOK_SQLITE_STREAMS).map(
    (problem) => `${problem.line}:${problem.column} ${problem.code} ${problem.message}`,
  );

const GOOD = STAFF_MAPPING;

describe('a mapping naming what only an object prototype has', () => {
  it('reports a lookup table named constructor or __proto__ as unknown', () => {
    for (const name of ['constructor', '__proto__', 'toString'])
      expect(check(`${GOOD}      title: { lookup: Title, table: ${name} }\n`)).toEqual([
        `9:38 unknown_lookup unknown lookup "${name}"; lookups: (none)`,
      ]);
  });

  it('finds a lookup that is itself named __proto__', () => {
    const text = `source: chinook\nlookups:\n  __proto__: { A: x }\n${GOOD.slice('source: chinook\n'.length)}`;
    expect(check(`${text}      title: { lookup: Title, table: __proto__ }\n`)).toEqual([]);
  });

  it('reports a condition named constructor, __proto__ or toString as unknown', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'valueOf'])
      expect(check(`${GOOD}    filter: { ${name}: [Title, 1] }\n`)).toEqual([
        expect.stringMatching(new RegExp(`^9:\\d+ bad_expression unknown condition "${name}"; one of: eq, `)),
      ]);
  });
});

describe('YAML a mapping cannot hold', () => {
  it('reports aliases that expand without bound (billion laughs) at the first alias', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    expect(check(`${bomb}\n${GOOD}`)).toEqual([
      '2:8 syntax Excessive alias count indicates a resource exhaustion attack',
    ]);
  });

  it('reports an alias to no anchor at the alias', () => {
    expect(check(`${GOOD}      title: *nope\n`)).toEqual([
      '9:14 syntax Unresolved alias (the anchor must be set before the alias): nope',
    ]);
  });

  it('reports an alias inside the node it names (a cycle) instead of overflowing the stack', () => {
    const cycle = 'syntax an alias here refers to a node that contains it: a mapping cannot be a cycle';
    expect(check(`${GOOD}      title: &x { coalesce: [*x] }\n`)).toEqual([`9:30 ${cycle}`]);
    expect(check('source: chinook\nentities: &e\n  staff: *e\n')).toEqual([`3:10 ${cycle}`]);
  });

  it('reports tags that give a Map, a Set, bytes or a Date instead of reading them as empty maps', () => {
    const holds = 'a mapping holds only maps, lists, text, numbers, booleans and null';
    const entity = '  - staff: { stream: Employee, id: "{EmployeeId}" }\n';
    expect(check(`source: chinook\nentities: !!omap\n${entity}`)).toEqual([
      `2:1 syntax a YAML tag makes this a Map; ${holds}`,
    ]);
    expect(check('%YAML 1.1\n---\nsource: chinook\nentities: !!set { ? staff }\n')).toEqual([
      `4:17 syntax a YAML tag makes this a Set; ${holds}`,
    ]);
    expect(check(`${GOOD}      title: !!binary aGVsbG8=\n`)).toEqual([
      `9:23 syntax a YAML tag makes this a Buffer; ${holds}`,
    ]);
    expect(check(`%YAML 1.1\n---\n${GOOD}      title: { const: 2001-12-14 }\n`)).toEqual([
      `11:23 syntax a YAML tag makes this a Date; ${holds}`,
    ]);
  });

  it('reports an unknown tag instead of reading the plain value under it', () => {
    expect(check(`${GOOD}      title: !upper Title\n`)).toEqual(['9:14 syntax Unresolved tag: !upper']);
  });

  it('says that a document nested past the parser is nested too deeply', () => {
    const deep = `${'{trim: '.repeat(10_000)}Title${'}'.repeat(10_000)}`;
    const problems = check(`${GOOD}      title: ${deep}\n`);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(/^9:\d+ syntax nested too deeply to read/);
  });
});

describe('positions of syntax problems', () => {
  it('count the lines inside a quoted scalar left open (it placed one at 5:73 of a 16-character line)', () => {
    const text = `source: chinook
entities:
  staff:
    stream: Employee
  {EmployeeId}"
    fields:
      firstName: FirstName
      lastName: "LastName"
`;
    expect(check(text)).toEqual([
      '5:15 syntax Unexpected double-quoted-scalar at node end',
      '8:18 syntax Unexpected scalar at node end',
      '5:3 syntax Implicit map keys need to be followed by map values',
      '5:3 syntax Map comment with trailing content',
    ]);
  });
});

describe('options past their bounds', () => {
  it('refuses a decimal scale the rounding cannot pad to (it failed every row with RangeError)', () => {
    expect(check(`${GOOD}      title: { decimal: Title, scale: 1000000000 }\n`)).toEqual([
      '9:39 bad_expression scale must be a whole number 0-30',
    ]);
    expect(check(`${GOOD}      title: { decimal: Title, scale: 30 }\n`)).toEqual([]);
  });
});
