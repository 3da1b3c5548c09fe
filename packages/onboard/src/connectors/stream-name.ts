/**
 * Stream names made of parts (PostgreSQL's `schema.table`), written so that two different lists
 * of parts never give the same name: parts are joined by `.`, and a part that holds a `.` or a `"`
 * (or is empty) is written in double quotes with each `"` inside doubled, as SQL quotes an
 * identifier. Ordinary names stay as they are (`public.customer`), while `"a.b"."c"` is the stream
 * `"a.b".c` and `"a"."b.c"` the stream `a."b.c"`.
 */
export function qualifiedStreamName(parts: readonly string[]): string {
  return parts.map((part) => (/^[^."]+$/.test(part) ? part : `"${part.replaceAll('"', '""')}"`)).join('.');
}

/**
 * The parts of a name written by `qualifiedStreamName` (`a."b.c"` -> `a`, `b.c`); null when the
 * text is not one (an unclosed quote, a quote inside a bare part, an empty part).
 */
export function streamNameParts(name: string): string[] | null {
  const parts: string[] = [];
  let at = 0;
  for (;;) {
    let part: string;
    if (name[at] === '"') {
      part = '';
      at++;
      for (;;) {
        const quote = name.indexOf('"', at);
        if (quote < 0) return null;
        part += name.slice(at, quote);
        if (name[quote + 1] !== '"') {
          at = quote + 1;
          break;
        }
        part += '"';
        at = quote + 2;
      }
    } else {
      const dot = name.indexOf('.', at);
      part = name.slice(at, dot < 0 ? name.length : dot);
      if (part === '' || part.includes('"')) return null;
      at += part.length;
    }
    parts.push(part);
    if (at === name.length) return parts;
    if (name[at] !== '.') return null;
    at++;
  }
}

/**
 * The last part of a stream name (`public.invoice_line` -> `invoice_line`, `a."b.c"` -> `b.c`),
 * for matching names loosely; a name that is not made of parts is cut after its last dot.
 */
export function localStreamName(name: string): string {
  return streamNameParts(name)?.at(-1) ?? name.slice(name.lastIndexOf('.') + 1);
}
