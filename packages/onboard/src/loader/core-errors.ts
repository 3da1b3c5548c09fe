import { OnboardError } from '../errors/onboard-error.ts';

/** Core answered with an error that retrying cannot fix (4xx other than 429, or a malformed body): `core-rejected`. */
export class CoreRequestError extends OnboardError {
  override readonly name = 'CoreRequestError';
  readonly status: number;
  /** The problem+json `code`, when core gave one. */
  readonly code: string | undefined;

  constructor(message: string, status: number, code?: string) {
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
