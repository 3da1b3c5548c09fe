/** A key that appears twice in one JSON object. */
export interface DuplicateJsonKey {
  readonly key: string;
  /** JSON Pointer of the object holding it (`/records/3/fields`). */
  readonly path: string;
  /** Character offset of the second occurrence in the text. */
  readonly offset: number;
}

interface Frame {
  /** Keys seen so far (objects only). */
  readonly keys?: Set<string>;
  /** The current member's key (objects) or element index (arrays). */
  at: string | number;
  expectKey: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Finds the first key repeated within one object of a JSON text that `JSON.parse` accepted
 * (which would silently keep the last value). One pass without recursion, so depth costs no
 * stack; strings are skipped with `indexOf`.
 */
export function findDuplicateJsonKey(text: string): DuplicateJsonKey | undefined {
  const stack: Frame[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (top?.keys !== undefined && top.expectKey) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        if (top.keys.has(key)) return { key, path: pointer(stack, stack.length - 1), offset: i };
        top.keys.add(key);
        top.at = key;
        top.expectKey = false;
      }
      i = end + 1;
      continue;
    }
    if (c === 0x7b) stack.push({ keys: new Set(), at: '', expectKey: true });
    else if (c === 0x5b) stack.push({ at: 0, expectKey: false });
    else if (c === 0x7d || c === 0x5d) stack.pop();
    else if (c === 0x2c) {
      const top = stack[stack.length - 1];
      if (top !== undefined) {
        if (top.keys !== undefined) top.expectKey = true;
        else top.at = (top.at as number) + 1;
      }
    }
    i++;
  }
  return undefined;
}

/** Index of the quote closing the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const end = text.indexOf('"', from);
    if (end < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
    from = end + 1;
  }
}

/** JSON Pointer of `stack[depth]` (the path of the members leading to it). */
function pointer(stack: readonly Frame[], depth: number): string {
  let path = '';
  for (let n = 0; n < depth; n++) path += `/${String(stack[n]?.at).replace(/~/g, '~0').replace(/\//g, '~1')}`;
  return path;
}
