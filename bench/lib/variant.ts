import { resolve } from 'node:path';

/** A build to compare: a name, the checkout it runs from, and the arguments given with it. */
export interface Variant {
  readonly name: string;
  readonly dir: string;
  readonly args: readonly string[];
}

/** Reads a `--variant NAME=DIR[|ARGS]` value (ARGS space-separated). */
export function parseVariant(text: string): Variant {
  const eq = text.indexOf('=');
  if (eq < 1) throw new Error(`--variant NAME=DIR[|ARGS], not ${text}`);
  const [dir = '', args = ''] = text.slice(eq + 1).split('|');
  return { name: text.slice(0, eq), dir: resolve(dir), args: args.split(' ').filter((a) => a !== '') };
}
