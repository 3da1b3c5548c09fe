/**
 * What went wrong, seen from the person running onboard. The kind alone decides what is printed,
 * whether the failed step is retried and the process's exit code (see `exit-codes.ts`):
 *
 * - `usage`: the command line is wrong (unknown or missing flag, a flag value of the wrong form).
 * - `config`: the setup is wrong: a mapping, a token, an environment variable, a URL option, the
 *   run store, a run that cannot be resumed. Fix it and start again.
 * - `source`: the source cannot be read as asked (unreachable, credentials, a missing table, data
 *   it cannot hold).
 * - `core-rejected`: core refused a request for a reason another try cannot fix (a 4xx answer).
 * - `transient`: a failure another try may not meet (network, core busy or down, a dropped
 *   database connection); the only kind that is retried.
 * - `internal`: a defect of onboard itself (a TypeError, a stack overflow); printed as such, with
 *   its stack under `--debug`.
 */
export type ErrorKind = 'usage' | 'config' | 'source' | 'core-rejected' | 'transient' | 'internal';

/** Every kind, in the order the docs list them. */
export const ERROR_KINDS: readonly ErrorKind[] = [
  'usage',
  'config',
  'source',
  'core-rejected',
  'transient',
  'internal',
];

/**
 * Base of every error onboard throws on purpose. Its message is meant for the user: it names what
 * is wrong and where, and never holds a secret.
 */
export class OnboardError extends Error {
  override readonly name: string = 'OnboardError';
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.kind = kind;
  }
}

/** The command line is wrong: a flag is missing, unknown or has a value of the wrong form. */
export class UsageError extends OnboardError {
  override readonly name: string = 'UsageError';
  constructor(message: string, options?: ErrorOptions) {
    super('usage', message, options);
  }
}

/** The setup is wrong (mapping, token, variable, URL option, run store); the message says what to fix. */
export class ConfigError extends OnboardError {
  override readonly name: string = 'ConfigError';
  constructor(message: string, options?: ErrorOptions) {
    super('config', message, options);
  }
}
