import { type ErrorKind, OnboardError } from '../errors/onboard-error.ts';

/**
 * Base of every error a connector throws on purpose; its message never contains a password. Its
 * kind is `source` (the source cannot be read as asked) unless a subclass says otherwise.
 */
export class ConnectorError extends OnboardError {
  override readonly name: string = 'ConnectorError';
  constructor(message: string, options?: ErrorOptions & { kind?: ErrorKind }) {
    super(options?.kind ?? 'source', message, options);
  }
}

/** The source URL or options cannot be used (unknown scheme, missing path, bad option): `config`. */
export class SourceConfigError extends ConnectorError {
  override readonly name = 'SourceConfigError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, { ...options, kind: 'config' });
  }
}

/** A stream named in a call does not exist in the source (any more): `config` (mapping or plan is stale). */
export class UnknownStreamError extends ConnectorError {
  override readonly name = 'UnknownStreamError';
  constructor(stream: string) {
    super(`stream "${stream}" does not exist in the source; run discover again`, { kind: 'config' });
  }
}

/** A column whose type has no place in the value model; says how to cast it in a custom query (`config`). */
export class UnsupportedTypeError extends ConnectorError {
  override readonly name = 'UnsupportedTypeError';
  readonly stream: string;
  readonly column: string;
  readonly nativeType: string;

  constructor(stream: string, column: string, nativeType: string, castHint: string) {
    super(
      `column "${column}" of "${stream}" has type ${nativeType}, which onboard cannot read; ` +
        `declare a custom query that casts it, e.g. SELECT ..., ${castHint} AS "${column}" FROM ...`,
      { kind: 'config' },
    );
    this.stream = stream;
    this.column = column;
    this.nativeType = nativeType;
  }
}
