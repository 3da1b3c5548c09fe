import type { ProblemCode } from './problem-codes.ts';

/**
 * Every error response is RFC 9457 `application/problem+json`. `code` is stable and comes from
 * core's one error registry; `type` is `https://madeup.example/problems/{code}`.
 */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: ProblemCode;
  readonly detail?: string;
  readonly instance?: string;
  /** Request-level validation failures, each with a JSON path. */
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
  /** How many further `errors` were left out (core returns at most 100). */
  readonly errorsOmitted?: number;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
