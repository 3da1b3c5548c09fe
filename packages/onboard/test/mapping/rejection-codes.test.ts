import { readFile } from 'node:fs/promises';
import { RECORD_ERROR_CODES } from '@madeup/contract';
import { describe, expect, it } from 'vitest';
import { ONBOARD_REJECTION_CODES } from '../../src/mapping/rejection-codes.ts';

describe('onboard rejection codes', () => {
  it('match the row error table of docs/mappings.md exactly', async () => {
    const docs = await readFile(new URL('../../../../docs/mappings.md', import.meta.url), 'utf8');
    const section = docs.slice(docs.indexOf('## Row errors'), docs.indexOf('## Field conversion'));
    const rows = [...section.matchAll(/^\| `([a-z_]+)` \| (.+?) \|$/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(Object.entries(ONBOARD_REJECTION_CODES));
  });

  it('never reuse a code of core with another meaning', () => {
    for (const code of Object.keys(ONBOARD_REJECTION_CODES))
      expect(Object.keys(RECORD_ERROR_CODES)).not.toContain(code);
  });
});
