/**
 * What `onboard` and `madeup-core` print when a module of the command that runs cannot be found (no
 * `npm ci` in the repository, a partial copy): each command loads its modules when it runs, so this
 * surfaces there and not only at the bin's start, and says the same as the bins (which cannot
 * import it: they check that the packages load at all). Undefined for any other error.
 */
export function missingCodeMessage(error: unknown): string | undefined {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND')
    return undefined;
  return `cannot load its code: ${error.message.split('\n')[0]}; run \`npm ci\` in the repository it comes from`;
}
