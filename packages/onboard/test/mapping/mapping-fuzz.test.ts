import { join } from 'node:path';
import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { HookModule } from '../../src/mapping/hook-module.ts';
import {
  analyseMapping,
  checkMapping,
  compileMapping,
  type LoadedMapping,
  loadMapping,
  MappingInvalidError,
} from '../../src/mapping/index.ts';
import type { LocatedProblem } from '../../src/mapping/mapping-text.ts';
import { CHINOOK_SQLITE_STREAMS } from './fixtures/chinook-streams.ts';
import { CORE_SCHEMA } from './fixtures/core-schema.ts';
import {
  copy,
  DOCUMENTED_CODES,
  DOCUMENTED_CONDITIONS,
  DOCUMENTED_OPERATORS,
  hostileName,
  mutate,
  mutationArb,
  nested,
  type Path,
  textEditArb,
  valueAt,
} from './mapping-fuzz-values.ts';

/**
 * Hostile mapping documents: valid mappings (the Chinook example, a small one with lookups, a
 * filter, `when` and a merge rule) mutated structurally (keys deleted, renamed to prototype names,
 * duplicated, values of every wrong type, unknown operators, deep nesting) and textually (YAML
 * noise, truncation). The check must finish quickly, never throw, and report only documented codes
 * at paths and positions that exist in the input; a known-bad expression must be reported at it.
 * MADEUP_FUZZ_RUNS / MADEUP_FUZZ_SEED as for every fuzz suite (docs/testing.md).
 */

const RUNS = 40;
/**
 * The CPU time one check may take. Each case of a property that checks it may take up to that
 * (two checks, twice), so its test's timeout counts the bound per case (`fuzzTimeout`).
 */
const TIME_BOUND_MS = 5_000;

const SMALL = `source: chinook
lookups:
  titles: { "Sales Manager": manager, "IT Staff": it }
entities:
  staff:
    stream: Employee
    id: "{EmployeeId}"
    cursor: BirthDate
    filter: { and: [{ notNull: LastName }, { not: { eq: [Title, "x"] } }] }
    fields:
      firstName: { trim: FirstName }
      lastName: { coalesce: [LastName, { const: "?" }] }
      title: { lookup: Title, table: titles, default: { upper: Title } }
      email: { when: [{ if: { matches: [FirstName, "^A"] }, then: "{FirstName}@a.example" }], else: null }
    refs:
      manager: "{ReportsTo}"
    merge:
      match: [{ lower: FirstName }, [LastName, BirthDate]]
      order: EmployeeId
`;

let bases: { text: string; data: unknown; hooks?: HookModule }[] = [];

beforeAll(async () => {
  const chinook: LoadedMapping = await loadMapping(
    join(import.meta.dirname, '../../../../examples/chinook/mapping.yaml'),
  );
  const small = { text: SMALL, data: (await import('yaml')).parse(SMALL) as unknown };
  bases = [{ text: chinook.text, data: chinook.data, hooks: chinook.hooks! }, small];
  for (const base of bases) expect(check(base.text, base.hooks, true)).toEqual([]);
});

function check(text: string, hooks: HookModule | undefined, discovered: boolean): LocatedProblem[] {
  return checkMapping(
    text,
    CORE_SCHEMA,
    discovered ? CHINOOK_SQLITE_STREAMS : undefined,
    hooks ? { hooks } : {},
  );
}

/**
 * Runs `fn` and fails when it throws or takes longer than the bound. The bound is on this
 * process's CPU time, not the wall clock: `fn` is synchronous, so on a quiet machine the two are
 * the same, while on a loaded one the wall clock also counts the time other processes held the
 * cores.
 */
function timed<T>(fn: () => T): T {
  const start = process.cpuUsage();
  const result = fn();
  const { user, system } = process.cpuUsage(start);
  const cpu = (user + system) / 1000;
  expect(cpu).toBeLessThan(TIME_BOUND_MS);
  return result;
}

/**
 * Each problem has a documented code, a message, and a line and column inside the text. Lines end
 * at LF (so CRLF too), as yaml reads them: a lone CR is not a line break to it.
 */
function expectLocatedInside(problems: readonly LocatedProblem[], text: string): void {
  const lines = text.split('\n');
  for (const problem of problems) {
    expect(DOCUMENTED_CODES).toContain(problem.code);
    expect(typeof problem.message === 'string' && problem.message.trim() !== '').toBe(true);
    expect(problem.line).toBeGreaterThanOrEqual(1);
    expect(problem.line).toBeLessThanOrEqual(lines.length);
    expect(problem.column).toBeGreaterThanOrEqual(1);
    expect(problem.column).toBeLessThanOrEqual((lines[problem.line - 1] ?? '').length + 1);
  }
}

/** A problem's path exists in the document, but for a last key that names what is missing. */
function expectPathInside(data: unknown, path: Path): void {
  const parent = valueAt(data, path.slice(0, -1));
  const whole = valueAt(data, path);
  const missingKey = parent.found && typeof path[path.length - 1] === 'string';
  expect({ path, exists: whole.found || missingKey }).toEqual({ path, exists: true });
}

/** The document as YAML or as JSON text (numbers JSON cannot write become null). */
const asText = (data: unknown, json: boolean) =>
  json ? JSON.stringify(data) : stringify(data, { aliasDuplicateObjects: false, lineWidth: 0 });

describe('mapping documents mutated structurally', () => {
  it(
    'are checked in time, without throwing, each problem documented and placed inside the input',
    () => {
      fc.assert(
        fc.property(
          fc.nat(),
          fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
          fc.boolean(),
          fc.boolean(),
          (which, mutations, json, discovered) => {
            const base = bases[which % bases.length]!;
            let data = copy(base.data);
            for (const { at, mutation } of mutations) data = mutate(data, at, mutation);
            const options = {
              ...(discovered ? { streams: CHINOOK_SQLITE_STREAMS } : {}),
              ...(base.hooks ? { hooks: base.hooks } : {}),
            };
            const { problems } = timed(() => analyseMapping(data, CORE_SCHEMA, options));
            for (const problem of problems) {
              expect(DOCUMENTED_CODES).toContain(problem.code);
              expectPathInside(data, problem.path);
            }
            try {
              compileMapping(data, CORE_SCHEMA, options);
              expect(problems).toEqual([]);
            } catch (error) {
              expect(error).toBeInstanceOf(MappingInvalidError);
              expect((error as MappingInvalidError).problems.length).toBe(problems.length);
            }
            const text = asText(data, json);
            expectLocatedInside(
              timed(() => check(text, base.hooks, discovered)),
              text,
            );
          },
        ),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS, 2 * TIME_BOUND_MS),
  );
});

/** Expressions every one of which the check must refuse, whatever else is around them. */
const badExpression: fc.Arbitrary<unknown> = fc.oneof(
  hostileName.filter((name) => !DOCUMENTED_OPERATORS.includes(name)).map((op) => ({ [op]: 'FirstName' })),
  hostileName.map((table) => ({ lookup: 'Title', table: `${table}_not_a_lookup` })),
  fc
    .constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty')
    .map((table) => ({ lookup: 'Title', table })),
  fc
    .oneof(fc.integer({ min: 31 }), fc.integer({ max: -1 }), fc.double({ noInteger: true }))
    .map((scale) => ({ decimal: 'Title', scale })),
  hostileName.filter((name) => name !== 'trim').map((option) => ({ trim: 'FirstName', [option]: 1 })),
  fc.constantFrom('add', 'multiply').map((op) => ({ [op]: ['EmployeeId'] })),
  fc
    .constantFrom('subtract', 'divide', 'daysBetween')
    .map((op) => ({ [op]: ['EmployeeId', 1, 2], scale: 0 })),
  fc.constantFrom('(', '[a-', '*', '\\', '(?<n>a)(?<n>b)').map((pattern) => ({ replace: 'Title', pattern })),
  fc
    .constantFrom('Nowhere/Zone', '', 'UTC+25', 'constructor')
    .map((timezone) => ({ date: 'BirthDate', timezone })),
  fc.constantFrom('{unclosed', 'a}b', '{}', '{ }', '{a{b}}').map((template) => ({ template })),
  hostileName
    .filter((op) => !DOCUMENTED_CONDITIONS.includes(op))
    // biome-ignore lint/suspicious/noThenProperty: `then` is a key of the mapping format, not a promise
    .map((op) => ({ when: [{ if: { [op]: ['Title', 1] }, then: 1 }] })),
  fc.integer({ min: 1, max: 300 }).map((depth) => nested('trim', depth, { no_such_operator: 1 })),
);

describe('a known-bad expression or filter', () => {
  it(
    'is reported at or under its own path, never accepted',
    () => {
      fc.assert(
        fc.property(fc.nat(), fc.nat(), badExpression, fc.boolean(), (which, pick, bad, inFilter) => {
          const base = bases[which % bases.length]!;
          const data = copy(base.data) as {
            entities: Record<string, { fields?: Record<string, unknown>; filter?: unknown }>;
          };
          const names = Object.keys(data.entities);
          const entity = names[pick % names.length]!;
          const fields = Object.keys(data.entities[entity]!.fields ?? {});
          const field = fields[pick % Math.max(fields.length, 1)];
          let at: Path;
          if (inFilter || field === undefined) {
            at = ['entities', entity, 'filter', 'not', 'isNull'];
            data.entities[entity]!.filter = { not: { isNull: bad } };
          } else {
            at = ['entities', entity, 'fields', field];
            data.entities[entity]!.fields![field] = bad;
          }
          const options = { streams: CHINOOK_SQLITE_STREAMS, ...(base.hooks ? { hooks: base.hooks } : {}) };
          const { problems } = timed(() => analyseMapping(data, CORE_SCHEMA, options));
          const under = problems.filter((problem) => at.every((step, i) => problem.path[i] === step));
          expect({ bad, reported: under.length > 0 }).toEqual({ bad, reported: true });
        }),
        fuzzOptions(RUNS * 2),
      );
    },
    fuzzTimeout(RUNS * 2, TIME_BOUND_MS),
  );

  it(
    'is reported when it is a filter condition of a prototype or unknown name',
    () => {
      fc.assert(
        fc.property(
          fc.nat(),
          hostileName.filter((op) => !DOCUMENTED_CONDITIONS.includes(op)),
          (which, op) => {
            const base = bases[which % bases.length]!;
            const data = copy(base.data) as { entities: Record<string, Record<string, unknown>> };
            const entity = Object.keys(data.entities)[which % Object.keys(data.entities).length]!;
            Object.defineProperty(data.entities[entity]!, 'filter', {
              value: { and: [Object.fromEntries([[op, ['Title', 1]]])] },
              enumerable: true,
            });
            const options = { streams: CHINOOK_SQLITE_STREAMS, ...(base.hooks ? { hooks: base.hooks } : {}) };
            const { problems } = analyseMapping(data, CORE_SCHEMA, options);
            const at = ['entities', entity, 'filter', 'and', 0];
            expect(problems.some((problem) => at.every((step, i) => problem.path[i] === step))).toBe(true);
          },
        ),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});

describe('mapping text mutated textually', () => {
  it(
    'is checked in time, without throwing, each problem placed inside the text',
    () => {
      fc.assert(
        fc.property(
          fc.nat(),
          fc.array(textEditArb, { minLength: 1, maxLength: 5 }),
          fc.boolean(),
          (which, edits, discovered) => {
            const base = bases[which % bases.length]!;
            const text = edits.reduce((out, edit) => edit(out), base.text);
            expectLocatedInside(
              timed(() => check(text, base.hooks, discovered)),
              text,
            );
          },
        ),
        fuzzOptions(RUNS * 2),
      );
    },
    fuzzTimeout(RUNS * 2, TIME_BOUND_MS),
  );

  it(
    'reports aliases past the limit, cycles, missing anchors, tags and deep nesting, never overflowing',
    () => {
      // Each is the value of a field; `syntax` says it must be a syntax problem, else any problem.
      const hostile = fc.oneof(
        fc.tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 9 })).map(([width, depth]) => {
          const levels = [`&l0 [${Array(width).fill('x').join(', ')}]`];
          for (let i = 1; i < depth; i++)
            levels.push(
              `&l${i} [${Array(width)
                .fill(`*l${i - 1}`)
                .join(', ')}]`,
            );
          // Far past yaml's limit of 1000 alias expansions; below it, a list is no expression.
          return { value: `[${levels.join(', ')}]`, syntax: width ** depth > 1_000_000 };
        }),
        fc
          .constantFrom(
            '&x [*x]',
            '&x { coalesce: [*x] }',
            '*nowhere',
            '!!omap [{a: 1}]',
            '!!set {a}',
            '!!binary aGk=',
            '!nope x',
          )
          .map((value) => ({ value, syntax: true })),
        fc
          .tuple(
            fc.integer({ min: 1, max: 12_000 }),
            fc.constantFrom(['{trim: ', '}'], ['[', ']'], ['{not: ', '}'], ['{coalesce: [', ']}']),
          )
          .map(([depth, [open, close]]) => ({
            value: `${open!.repeat(depth)}{ no_such_operator: 1 }${close!.repeat(depth)}`,
            syntax: false,
          })),
      );
      const head =
        'source: chinook\nentities:\n  staff:\n    stream: Employee\n    id: "{EmployeeId}"\n    fields:\n';
      fc.assert(
        fc.property(hostile, fc.boolean(), ({ value, syntax }, discovered) => {
          const text = `${head}      firstName: FirstName\n      lastName: LastName\n      title: ${value}\n`;
          const problems = timed(() => check(text, undefined, discovered));
          expectLocatedInside(problems, text);
          if (syntax) expect(problems.map((problem) => problem.code)).toContain('syntax');
          else expect(problems.length).toBeGreaterThan(0);
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS, TIME_BOUND_MS),
  );
});
