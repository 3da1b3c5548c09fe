import { type ErrorKind, OnboardError } from '../errors/onboard-error.ts';

/**
 * A run cannot start or continue for a reason the user can fix; the message names it, without
 * secrets. Its kind is `config` unless the thrower knows better (e.g. `usage` for clashing flags).
 */
export class PipelineError extends OnboardError {
  override readonly name = 'PipelineError';
  constructor(message: string, kind: ErrorKind = 'config', options?: ErrorOptions) {
    super(kind, message, options);
  }
}
