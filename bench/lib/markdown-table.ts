/** Column alignment in a markdown table. */
export type Align = 'left' | 'right' | 'center';

/**
 * A GitHub-flavoured markdown table, padded so it also reads well as plain text. Cells are
 * escaped (`|` and newlines); numbers are right-aligned unless `align` says otherwise.
 */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  align: readonly Align[] = [],
): string {
  const escapeCell = (cell: string | number) => String(cell).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const body = rows.map((row) => headers.map((_, i) => escapeCell(row[i] ?? '')));
  const head = headers.map(escapeCell);
  const alignOf = (i: number): Align =>
    align[i] ?? (rows.length > 0 && rows.every((r) => typeof r[i] === 'number') ? 'right' : 'left');
  const widths = head.map((h, i) => Math.max(3, h.length, ...body.map((r) => (r[i] ?? '').length)));
  const pad = (cell: string, i: number) =>
    alignOf(i) === 'right' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0);
  const rule = widths.map((w, i) => {
    const a = alignOf(i);
    const dashes = '-'.repeat(Math.max(1, w - (a === 'center' ? 2 : 1)));
    return a === 'right' ? `${dashes}:` : a === 'center' ? `:${dashes}:` : `${dashes}-`;
  });
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head.map(pad)), line(rule), ...body.map((r) => line(r.map(pad)))].join('\n');
}
