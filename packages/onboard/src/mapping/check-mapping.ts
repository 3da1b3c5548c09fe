import type { SchemaDocument } from '@madeup/contract';
import type { StreamInfo } from '../connectors/connector.ts';
import { analyseMapping } from './compile-mapping.ts';
import type { HookModule } from './hook-module.ts';
import { type LocatedProblem, parseMappingText } from './mapping-text.ts';

/**
 * Checks a mapping file's text against core's schema and the source's discovery, reporting every
 * problem at once, each with its line and column, in file order. Pass `hooks` (see `loadHooks`)
 * when the mapping names a hooks module; without it, each hook used is reported as unknown.
 */
export function checkMapping(
  mappingText: string,
  schema: SchemaDocument,
  streams: readonly StreamInfo[] | undefined,
  options: { readonly hooks?: HookModule; readonly timeZone?: string } = {},
): LocatedProblem[] {
  const text = parseMappingText(mappingText);
  if (text.syntaxProblems.length > 0) return [...text.syntaxProblems];
  const { problems } = analyseMapping(text.data, schema, {
    ...(streams ? { streams } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  });
  return problems.map(text.locate).sort((a, b) => a.line - b.line || a.column - b.column);
}

/** `file:line:col: message`, the way compilers print. */
export function formatProblem(file: string, problem: LocatedProblem): string {
  return `${file}:${problem.line}:${problem.column}: ${problem.message} [${problem.code}]`;
}
