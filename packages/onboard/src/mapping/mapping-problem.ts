import { OnboardError } from '../errors/onboard-error.ts';

/** Where a problem sits in the mapping document: keys and list indexes from the root. */
export type MappingPath = readonly (string | number)[];

/** The kinds of problem a mapping check reports. */
export type MappingProblemCode =
  | 'syntax'
  | 'invalid_mapping'
  | 'unknown_entity'
  | 'unknown_field'
  | 'missing_required_field'
  | 'type_mismatch'
  | 'unknown_stream'
  | 'ambiguous_name'
  | 'unknown_column'
  | 'unsupported_type'
  | 'unknown_reference'
  | 'unfilled_reference_target'
  | 'unknown_hook'
  | 'unknown_lookup'
  | 'bad_expression';

/** One thing wrong with a mapping. `key` says the problem is the key at `path`, not its value. */
export interface MappingProblem {
  readonly code: MappingProblemCode;
  readonly path: MappingPath;
  readonly message: string;
  readonly key?: boolean;
}

/** Thrown by `compileMapping` when the mapping has problems; carries every one of them. */
export class MappingInvalidError extends OnboardError {
  override readonly name = 'MappingInvalidError';
  readonly problems: readonly MappingProblem[];

  constructor(problems: readonly MappingProblem[]) {
    const first = problems[0];
    const where = first ? ` (first: ${formatPath(first.path)}: ${first.message})` : '';
    super('config', `the mapping has ${problems.length} problem(s)${where}`);
    this.problems = problems;
  }
}

/** `entities.staff.fields.firstName` style path, for messages. */
export function formatPath(path: MappingPath): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : part)).join('.') || '(root)';
}

/** Collects problems while a mapping is analysed. */
export class ProblemSink {
  readonly problems: MappingProblem[] = [];

  add(code: MappingProblemCode, path: MappingPath, message: string, key = false): void {
    this.problems.push(key ? { code, path, message, key } : { code, path, message });
  }
}
