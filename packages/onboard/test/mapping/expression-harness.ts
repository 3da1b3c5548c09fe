import type { StreamInfo } from '../../src/connectors/connector.ts';
import type { Row, ValueType } from '../../src/connectors/value.ts';
import { columnResolver } from '../../src/mapping/column-access.ts';
import { compileExpression } from '../../src/mapping/expressions/compile-expression.ts';
import type { ExprType } from '../../src/mapping/expressions/compiled-expression.ts';
import { type MappingProblem, ProblemSink } from '../../src/mapping/mapping-problem.ts';

export interface HarnessOptions {
  /** Column name -> type; when given, columns are checked against them. */
  readonly columns?: Readonly<Record<string, ValueType>>;
  readonly hooks?: Readonly<Record<string, unknown>>;
  readonly lookups?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The source's time zone (`--timezone`), as a run compiles its mapping with. */
  readonly timeZone?: string;
}

/** Compiles one expression the way an entity mapping does, outside any entity. */
export function compileOne(
  raw: unknown,
  options: HarnessOptions = {},
): { evaluate: (row: Row) => unknown; type: ExprType; problems: MappingProblem[] } {
  const sink = new ProblemSink();
  const stream: StreamInfo | undefined = options.columns
    ? {
        name: 'test_stream',
        kind: 'table',
        columns: Object.entries(options.columns).map(([name, type]) => ({
          name,
          type,
          nativeType: type,
          nullable: true,
        })),
        primaryKey: [],
        cursorCandidates: [],
      }
    : undefined;
  const compiled = compileExpression(raw, ['expr'], {
    sink,
    column: columnResolver(stream, [], sink),
    hook: (name, path) => {
      const fn = options.hooks?.[name];
      if (typeof fn === 'function') return fn as (...args: unknown[]) => unknown;
      sink.add('unknown_hook', path, `unknown hook "${name}"`);
      return undefined;
    },
    lookup: (name, path) => {
      const table = options.lookups?.[name];
      if (!table) sink.add('unknown_lookup', path, `unknown lookup "${name}"`);
      return table;
    },
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  });
  return { evaluate: compiled.evaluate, type: compiled.type, problems: sink.problems };
}

/** Compiles (expecting no problem) and evaluates on one row. */
export function evaluate(raw: unknown, row: Row, options: HarnessOptions = {}): unknown {
  const { evaluate: fn, problems } = compileOne(raw, options);
  if (problems.length > 0)
    throw new Error(`unexpected problems: ${problems.map((p) => p.message).join('; ')}`);
  return fn(row);
}

/** The per-row error an expression raises on a row, as `code: message`. */
export function failure(raw: unknown, row: Row, options: HarnessOptions = {}): string {
  try {
    const value = evaluate(raw, row, options);
    return `no error, got ${JSON.stringify(value)}`;
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`;
  }
}
