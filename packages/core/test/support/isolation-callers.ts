import fc from 'fast-check';

/** The tokens of one isolation run: two tenants', an admin's, and some that must not work. */
export interface CallerTokens {
  readonly a: string;
  /** A's second token, issued by rotating `rotated`. */
  readonly a3: string;
  readonly b: string;
  readonly admin: string;
  /** A's token replaced by `a3`. */
  readonly rotated: string;
  /** B's token, revoked. */
  readonly revoked: string;
  /** An admin token, revoked. */
  readonly revokedAdmin: string;
}

export type Principal = 'A' | 'B' | 'admin' | null;
type Valid = 'a' | 'a3' | 'b' | 'admin';

/** How a request authenticates: a header built from the run's tokens, and whom the test expects. */
export type Caller =
  | {
      readonly kind: 'valid';
      readonly token: Valid;
      readonly spelling: 'plain' | 'lower' | 'upper' | 'tab' | 'padded';
    }
  | {
      readonly kind: 'mangled';
      readonly token: Valid;
      readonly how: 'upper' | 'extra' | 'cut' | 'percent' | 'basic' | 'bare' | 'quoted' | 'two' | 'empty';
    }
  | { readonly kind: 'stale'; readonly token: 'rotated' | 'revoked' | 'revokedAdmin' }
  | { readonly kind: 'garbage'; readonly header: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'duplicate'; readonly first: Valid; readonly second: Valid };

const valid = fc.constantFrom<Valid>('a', 'a3', 'b', 'admin');

export const callerArb: fc.Arbitrary<Caller> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('valid' as const),
      token: valid,
      spelling: fc.constantFrom('plain', 'lower', 'upper', 'tab', 'padded'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('mangled' as const),
      token: valid,
      how: fc.constantFrom('upper', 'extra', 'cut', 'percent', 'basic', 'bare', 'quoted', 'two', 'empty'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('stale' as const),
      token: fc.constantFrom('rotated', 'revoked', 'revokedAdmin'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('garbage' as const),
      header: fc.oneof(
        fc.constantFrom(
          'Bearer ',
          'Bearer mut_',
          'Bearer mua_',
          'Bearer null',
          'Bearer undefined',
          'Bearer tok_0000000000000000',
        ),
        fc.string({ maxLength: 40 }).map((s) => `Bearer ${s.replace(/[^\x21-\x7e]/g, 'x')}`),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('none' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('duplicate' as const), first: valid, second: valid }),
  },
);

const principalOfToken = (token: Valid): Principal =>
  token === 'b' ? 'B' : token === 'admin' ? 'admin' : 'A';

/** Whom the test expects `caller` to be (its own oracle: valid tokens in a valid Bearer header). */
export function expectedPrincipal(caller: Caller): Principal {
  return caller.kind === 'valid' ? principalOfToken(caller.token) : null;
}

/** The Authorization header lines of `caller`. */
export function authorizationLines(caller: Caller, tokens: CallerTokens): [string, string][] {
  const line = (value: string): [string, string] => ['authorization', value];
  switch (caller.kind) {
    case 'valid': {
      const token = tokens[caller.token];
      const scheme = {
        plain: 'Bearer ',
        lower: 'bearer ',
        upper: 'BEARER ',
        tab: 'Bearer\t',
        padded: 'Bearer   ',
      }[caller.spelling];
      return [line(`${scheme}${token}${caller.spelling === 'padded' ? '  ' : ''}`)];
    }
    case 'mangled': {
      const token = tokens[caller.token];
      const other = caller.token === 'b' ? tokens.a : tokens.b;
      const header = {
        upper: `Bearer ${token.toUpperCase()}`,
        extra: `Bearer ${token}x`,
        cut: `Bearer ${token.slice(0, -1)}`,
        percent: `Bearer ${token.replace(/[_-]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
        basic: `Basic ${token}`,
        bare: token,
        quoted: `Bearer "${token}"`,
        two: `Bearer ${token} ${other}`,
        empty: 'Bearer',
      }[caller.how];
      return [line(header)];
    }
    case 'stale':
      return [line(`Bearer ${tokens[caller.token]}`)];
    case 'garbage':
      return [line(caller.header)];
    case 'none':
      return [];
    case 'duplicate':
      return [line(`Bearer ${tokens[caller.first]}`), line(`Bearer ${tokens[caller.second]}`)];
  }
}
