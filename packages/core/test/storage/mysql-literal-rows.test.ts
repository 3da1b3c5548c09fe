import { format } from 'mysql2';
import { describe, expect, it } from 'vitest';
import { mysqlLiteralRows } from '../../src/storage/dialects/mysql/mysql-literal-rows.ts';

// The values written into a multi-row INSERT's text must be exactly what mysql2 writes for the
// same values sent as `?` parameters under the tenant pools' settings (objects not stringified, UTC).
describe('MySQL literal rows', () => {
  it("writes every value as mysql2's format writes that parameter", () => {
    const rows: unknown[][] = [
      ['plain', 0, -1.5, null, undefined, true, false, 12345678901234567890n],
      ["it's", 'back\\slash', 'nul\u0000byte', 'line\nbreak\r\ttab', '"quoted"', '\u001a', 'ünï €', ''],
      ["'; DROP TABLE t; --", '\\', "\\'", '?', '??', '`tick`', '/* c */', '0x41'],
      [{ a: 1 }, [1, 2], new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), Buffer.from('ab'), 'x', 1, null, 'y'],
    ];
    const template = rows.map((r) => `(${r.map(() => '?').join(', ')})`).join(', ');
    const expected = format(template, rows.flat().map((v) => v ?? null) as never, false, 'Z');
    expect(mysqlLiteralRows(rows, 8)).toBe(expected);
  });
});
