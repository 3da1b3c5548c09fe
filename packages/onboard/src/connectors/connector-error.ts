/** Base of every error a connector throws on purpose; its message never contains a password. */
export class ConnectorError extends Error {
  override readonly name: string = 'ConnectorError';
}

/** The source URL or options cannot be used (unknown scheme, missing path, bad option). */
export class SourceConfigError extends ConnectorError {
  override readonly name = 'SourceConfigError';
}

/** A stream named in a call does not exist in the source (any more). */
export class UnknownStreamError extends ConnectorError {
  override readonly name = 'UnknownStreamError';
  constructor(stream: string) {
    super(`stream "${stream}" does not exist in the source; run discover again`);
  }
}

/** A column whose type has no place in the value model; says how to cast it in a custom query. */
export class UnsupportedTypeError extends ConnectorError {
  override readonly name = 'UnsupportedTypeError';
  readonly stream: string;
  readonly column: string;
  readonly nativeType: string;

  constructor(stream: string, column: string, nativeType: string, castHint: string) {
    super(
      `column "${column}" of "${stream}" has type ${nativeType}, which onboard cannot read; ` +
        `declare a custom query that casts it, e.g. SELECT ..., ${castHint} AS "${column}" FROM ...`,
    );
    this.stream = stream;
    this.column = column;
    this.nativeType = nativeType;
  }
}
