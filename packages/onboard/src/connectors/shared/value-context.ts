import type { SourceValue } from '../value.ts';

/** Where a value comes from, for converters that need the source's settings or must warn. */
export interface ValueContext {
  readonly stream: string;
  readonly column: string;
  /** Timezone of naive timestamps (IANA). */
  readonly timeZone: string;
  warn(message: string): void;
}

/** Turns one raw driver value (never null/undefined) into a normalised value. */
export type Converter = (value: unknown) => SourceValue;
