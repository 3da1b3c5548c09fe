/**
 * A command that did its work but must end with a non-zero code: a run that failed (4), was
 * stopped (130) or finished with a reconciliation mismatch or too many rejects (5). Not an error
 * of any kind: the message is a result, printed as one line.
 */
export class CommandExit extends Error {
  override readonly name = 'CommandExit';
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}
