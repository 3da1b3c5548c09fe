/**
 * The command line is wrong in a way commander cannot see (flags that only go together, or
 * exclude each other): `madeup-core` prints the message and exits 2, like onboard's usage errors.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
