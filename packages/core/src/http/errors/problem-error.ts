import { PROBLEMS, type ProblemCode } from '@madeup/contract';

/** An error that becomes a problem+json response of a registered kind. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly code: ProblemCode;
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
  /** Seconds, for 429 and 503. */
  readonly retryAfter?: number;

  constructor(
    code: ProblemCode,
    detail?: string,
    extra: { errors?: ProblemError['errors']; retryAfter?: number } = {},
  ) {
    super(detail ?? PROBLEMS[code].title);
    this.code = code;
    if (extra.errors !== undefined) this.errors = extra.errors;
    if (extra.retryAfter !== undefined) this.retryAfter = extra.retryAfter;
  }

  get status(): number {
    return PROBLEMS[this.code].status;
  }
}
