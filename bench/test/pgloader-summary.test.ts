import { describe, expect, it } from 'vitest';
import { parsePgloaderSummary } from '../lib/pgloader.ts';

// The end of pgloader 3.6.9's log for a SQLite load (Debian package), as printed on stderr.
const SUMMARY = `2026-12-03T10:16:10.848000Z LOG report summary reset
             table name     errors       rows      bytes      total time
-----------------------  ---------  ---------  ---------  --------------
                  fetch          0          0                     0.000s
        fetch meta data          0          2                     0.176s
-----------------------  ---------  ---------  ---------  --------------
                      a          0          2     0.0 kB          0.092s
-----------------------  ---------  ---------  ---------  --------------
COPY Threads Completion          0          4                     0.168s
-----------------------  ---------  ---------  ---------  --------------
      Total import time          ✓     957000    50.1 MB          9.190s
`;

describe('parsePgloaderSummary', () => {
  it('reads rows, errors (✓ for none) and the total time', () => {
    expect(parsePgloaderSummary(SUMMARY)).toEqual({ rows: 957000, errors: 0, seconds: 9.19 });
  });

  it('reads an error count and a time in minutes', () => {
    const line = '      Total import time         12    1000000   120.3 MB       1m2.500s\n';
    expect(parsePgloaderSummary(line)).toEqual({ rows: 1000000, errors: 12, seconds: 62.5 });
  });

  it('gives undefined when there is no summary (pgloader failed early)', () => {
    expect(parsePgloaderSummary('2026-12-03 LOG pgloader version "3.6.7~devel"\nKABOOM\n')).toBeUndefined();
  });
});
