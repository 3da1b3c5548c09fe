import { readFileSync } from 'node:fs';
import { SourceConfigError } from '../connector-error.ts';

/** Reads a PEM file named by a URL option; a missing or unreadable file is a config error naming both. */
export function readPem(option: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new SourceConfigError(
      `the source URL option ${option}=${path} names a file that cannot be read (${code})`,
    );
  }
}
