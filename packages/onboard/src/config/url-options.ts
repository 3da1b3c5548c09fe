import { ConfigError } from '../errors/onboard-error.ts';

/** One query-string option of a source URL: declared, typed, validated and documented. */
export interface UrlOption<T> {
  /** What it does, for docs and error messages. */
  readonly description: string;
  /** The accepted values, in words (`a whole number from 1 to 100`). */
  readonly accepts: string;
  /** The value, or undefined when `text` is not acceptable. */
  parse(text: string): T | undefined;
}

/** Options by name; parsing gives an object with the same keys, each optional. */
export type UrlOptionSpecs = Readonly<Record<string, UrlOption<unknown>>>;
export type ParsedUrlOptions<S extends UrlOptionSpecs> = {
  readonly [K in keyof S]?: S[K] extends UrlOption<infer T> ? T : never;
};

/** One of `values` (matched ignoring case, given back as declared). */
export function oneOf<const V extends string>(values: readonly V[], description: string): UrlOption<V> {
  return {
    description,
    accepts: `one of ${values.join(', ')}`,
    parse: (text) => values.find((v) => v.toLowerCase() === text.toLowerCase()),
  };
}

/** A whole number in [min, max]. */
export function wholeNumber(min: number, max: number, description: string): UrlOption<number> {
  return {
    description,
    accepts: `a whole number from ${min} to ${max}`,
    parse: (text) => {
      const value = Number(text);
      return /^\d+$/.test(text) && value >= min && value <= max ? value : undefined;
    },
  };
}

/** Any non-empty text. */
export function text(description: string, accepts = 'any non-empty text'): UrlOption<string> {
  return { description, accepts, parse: (value) => (value === '' ? undefined : value) };
}

/**
 * Reads the query-string options of a source URL against their declarations: an option that is
 * not declared, given twice, or with a value it does not accept is a `ConfigError` that names
 * the option, what it accepts and (for an unknown one) every option there is.
 */
export function parseUrlOptions<S extends UrlOptionSpecs>(
  specs: S,
  params: URLSearchParams,
  source: string,
): ParsedUrlOptions<S> {
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const [name, value] of params) {
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (spec === undefined) {
      const known = Object.keys(specs);
      throw new ConfigError(
        `the ${source} URL option "${name}" is not known; ${
          known.length === 0 ? `a ${source} URL takes no options` : `known options: ${known.join(', ')}`
        } (docs/connectors.md)`,
      );
    }
    if (seen.has(name)) throw new ConfigError(`the ${source} URL option "${name}" is given twice`);
    seen.add(name);
    const parsed = spec.parse(value);
    if (parsed === undefined)
      throw new ConfigError(
        `the ${source} URL option ${name}=${JSON.stringify(value)} is invalid: ${name} must be ${spec.accepts}`,
      );
    out[name] = parsed;
  }
  return out as ParsedUrlOptions<S>;
}
