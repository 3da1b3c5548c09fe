/** A failure the user can fix (bad flag, unreachable source, invalid mapping): printed as one line, no stack. */
export class UserError extends Error {
  override readonly name = 'UserError';
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}
