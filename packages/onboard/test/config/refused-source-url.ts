import { expect } from 'vitest';
import { describeError } from '../../src/cli/describe-error.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { kindOf } from '../../src/errors/kind-of.ts';

/** What the CLI prints for the error opening `url` gives (which must be a configuration error). */
export function printedRefusal(url: string): string {
  try {
    void openConnector({ url }).close();
  } catch (error) {
    expect(kindOf(error)).toBe('config');
    return describeError(error, true);
  }
  throw new Error(`expected ${url} to be refused`);
}
