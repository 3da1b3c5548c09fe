import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMapping } from '../../src/mapping/load-mapping.ts';

// A --mapping typo said only "cannot read mapping nope.yaml: ENOENT".
describe('a --mapping that is not a readable file', () => {
  it('missing: says so, and where it looked for a relative path', async () => {
    await expect(loadMapping('no-such-mapping.yaml')).rejects.toThrow(
      `cannot read mapping no-such-mapping.yaml: ENOENT, no such file: check --mapping (looked for ${resolve('no-such-mapping.yaml')})`,
    );
  });

  it('a folder: says --mapping names the file', async () => {
    await expect(loadMapping(tmpdir())).rejects.toThrow(
      `cannot read mapping ${tmpdir()}: EISDIR, a folder: --mapping names the mapping file`,
    );
  });
});
