import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

// Commander checks required options first: `discover --sorce URL` said "required option
// '--source <url>' not specified", hiding the typo it could have named.
describe('a misspelt required flag', () => {
  it('is named as unknown, with the flag meant (exit 2)', async () => {
    for (const [args, typo, meant] of [
      [['discover', '--sorce', 'sqlite:/x.sqlite'], '--sorce', '--source'],
      [['run', '--mappin', 'm.yaml', '--source', 'sqlite:/x.sqlite'], '--mappin', '--mapping'],
      [['mapping', 'init', '--sourse', 'sqlite:/x.sqlite'], '--sourse', '--source'],
    ] as const) {
      const result = await runCli(...args);
      expect(result.code, typo).toBe(2);
      expect(result.err, typo).toMatch(
        new RegExp(`^error: unknown option '${typo}'\\n\\(Did you mean ${meant}\\?\\)\\n`),
      );
    }
  });

  it('a required flag left out is still said so (exit 2)', async () => {
    for (const [args, flag] of [
      [['discover'], "'--source <url>'"],
      [['run', '--mapping', 'm.yaml'], "'--source <url>'"],
      [['prune'], "'--older-than <duration>'"],
    ] as const) {
      const result = await runCli(...args);
      expect(result.code, flag).toBe(2);
      expect(result.err, flag).toMatch(new RegExp(`^error: required option ${flag} not specified\\n`));
    }
  });
});
