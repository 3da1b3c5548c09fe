import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { RECORD_ERROR_CODES } from '../src/record-error-codes.ts';

describe('record error codes', () => {
  it('match the record error table of docs/core.md exactly', async () => {
    const docs = await readFile(new URL('../../../docs/core.md', import.meta.url), 'utf8');
    const section = docs.slice(docs.indexOf('Record error codes'), docs.indexOf('## Errors'));
    const rows = [...section.matchAll(/^\| `([a-z_]+)` \| (.+?) \|$/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(Object.entries(RECORD_ERROR_CODES));
  });
});
