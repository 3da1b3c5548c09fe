import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { PROBLEMS } from '../src/problem-codes.ts';

describe('problem registry', () => {
  it('matches the error table of docs/core.md exactly', async () => {
    const docs = await readFile(new URL('../../../docs/core.md', import.meta.url), 'utf8');
    const rows = [...docs.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \| (.+?) \|$/gm)].map((m) => [
      m[1],
      Number(m[2]),
      m[3],
    ]);
    expect(rows).toEqual(Object.entries(PROBLEMS).map(([code, p]) => [code, p.status, p.title]));
  });

  it('uses only client and server error statuses', () => {
    for (const problem of Object.values(PROBLEMS)) expect(problem.status).toBeGreaterThanOrEqual(400);
  });
});
