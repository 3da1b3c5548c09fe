import { CHINOOK_DIR } from '@madeup/testkit';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

const run = (args: string[]) => runCli(...args);

describe('onboard discover', () => {
  const source = `sqlite:${CHINOOK_DIR}/Chinook_Sqlite.sqlite`;

  it('prints streams, estimates, keys as a table', async () => {
    const { code, out } = await run(['discover', '--source', source]);
    expect(code).toBe(0);
    expect(out).toMatch(/^stream\s+kind\s+rows \(est\.\)\s+columns\s+key\s+cursor candidates/);
    expect(out).toMatch(/PlaylistTrack\s+table\s+8715\s+2\s+PlaylistId, TrackId/);
    expect(out).toContain('11 stream(s)');
  });

  it('prints JSON with --json', async () => {
    const { code, out } = await run(['discover', '--source', source, '--json']);
    expect(code).toBe(0);
    const streams = JSON.parse(out) as { name: string; primaryKey: string[] }[];
    expect(streams.find((s) => s.name === 'Invoice')?.primaryKey).toEqual(['InvoiceId']);
  });

  it('fails with one line naming the reason, without the password', async () => {
    const { code, err } = await run(['discover', '--source', 'mysql://root:Sup3rSecret@127.0.0.1:1/db']);
    expect(code).toBe(3);
    expect(err).toMatch(/^onboard: cannot read mysql:\/\/root:\*\*\*@127\.0\.0\.1:1\/db: unreachable: /);
    expect(err).not.toContain('Sup3rSecret');
  });
});
