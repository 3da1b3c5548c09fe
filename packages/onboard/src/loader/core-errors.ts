import type { ProblemCode } from '@madeup/contract';
import { OnboardError } from '../errors/onboard-error.ts';

/** Core answered with an error that retrying cannot fix (4xx other than 429, or a malformed body): `core-rejected`. */
export class CoreRequestError extends OnboardError {
  override readonly name = 'CoreRequestError';
  readonly status: number;
  /** The problem+json `code` (the contract's `PROBLEMS`), when core gave one. */
  readonly code: ProblemCode | undefined;

  constructor(message: string, status: number, code?: ProblemCode) {
    super('core-rejected', message);
    this.status = status;
    this.code = code;
  }
}

/** Core stayed unavailable (429, 5xx or network errors) through every attempt of the retry policy: `transient`. */
export class CoreUnavailableError extends OnboardError {
  override readonly name = 'CoreUnavailableError';
  readonly attempts: number;

  constructor(message: string, attempts: number) {
    super('transient', message);
    this.attempts = attempts;
  }
}

/**
 * Core kept answering 500 (an internal error, not an outage): `transient`, but retried only a few
 * times, since it is usually about the request (the loader then looks for a record that causes it).
 */
export class CoreServerError extends OnboardError {
  override readonly name = 'CoreServerError';
  readonly status: number;
  readonly code: ProblemCode | undefined;

  constructor(message: string, status: number, code?: ProblemCode) {
    super('transient', message);
    this.status = status;
    this.code = code;
  }
}
