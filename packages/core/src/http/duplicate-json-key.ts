/**
 * A key that appears twice in one JSON object (`kind: 'duplicate'`), or a key that poisons a
 * prototype when the parsed value is merged into another object (`kind: 'prototype'`: a
 * `__proto__` member, or a `prototype` member of a `constructor` object; the same keys Fastify's
 * default parser, secure-json-parse with `protoAction`/`constructorAction` `'error'`, refuses).
 */
export interface DuplicateJsonKey {
  readonly kind: 'duplicate' | 'prototype';
  readonly key: string;
  /** JSON Pointer of the object holding it (`/records/3/fields`). */
  readonly path: string;
  /** Character offset of the key (for a duplicate, of its second occurrence) in the text. */
  readonly offset: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Keys of an object at or below this count are checked by a linear search (no Set). */
const LINEAR_KEYS = 16;

/**
 * Finds the first key repeated within one object of a JSON text that `JSON.parse` accepted
 * (which would silently keep the last value), or the first prototype-poisoning key. One pass
 * without recursion, so depth costs no stack; strings are skipped with `indexOf`. Runs on every
 * request body: the open containers are kept in arrays indexed by depth and reused, a small
 * object's keys are searched linearly, and nothing is allocated per container. Checking the
 * poisoning keys here, on keys already decoded, spares a body the two regular-expression passes
 * secure-json-parse makes over the whole text (about 0.6 µs a record of an import). `parentKey`:
 * the key whose value `text` is, when `text` is one member's value of a larger body (so that a
 * `prototype` member of a `constructor` value is found in it).
 */
export function findDuplicateJsonKey(text: string, parentKey?: string): DuplicateJsonKey | undefined {
  /** Per depth: whether the container is an object, and (objects) whether a key comes next. */
  const isObject: boolean[] = [];
  const expectKey: boolean[] = [];
  /** Per depth: the current member's key (objects) or element index (arrays), for the path. */
  const at: (string | number)[] = [];
  /** Per depth: the keys seen so far, in a reused array, and a Set once there are many. */
  const keys: string[][] = [];
  const keyCount: number[] = [];
  const keySets: (Set<string> | undefined)[] = [];
  let depth = 0;
  let i = 0;
  const length = text.length;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      const top = depth - 1;
      if (top >= 0 && isObject[top] === true && expectKey[top] === true) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        if (
          key === '__proto__' ||
          (key === 'prototype' &&
            (top > 0
              ? isObject[top - 1] === true && at[top - 1] === 'constructor'
              : parentKey === 'constructor'))
        )
          return { kind: 'prototype', key, path: pointer(at, top), offset: i };
        const seen = keys[top] as string[];
        const count = keyCount[top] as number;
        const set = keySets[top];
        if (set !== undefined) {
          if (set.has(key)) return duplicate(key, at, top, i);
          set.add(key);
        } else {
          for (let k = 0; k < count; k++) if (seen[k] === key) return duplicate(key, at, top, i);
          if (count + 1 > LINEAR_KEYS) keySets[top] = new Set([...seen.slice(0, count), key]);
        }
        seen[count] = key;
        keyCount[top] = count + 1;
        at[top] = key;
        expectKey[top] = false;
      }
      i = end + 1;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      const object = c === 0x7b;
      isObject[depth] = object;
      expectKey[depth] = object;
      at[depth] = object ? '' : 0;
      if (keys[depth] === undefined) keys[depth] = [];
      keyCount[depth] = 0;
      keySets[depth] = undefined;
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      if (depth > 0) depth--;
    } else if (c === 0x2c) {
      const top = depth - 1;
      if (top >= 0) {
        if (isObject[top] === true) expectKey[top] = true;
        else at[top] = (at[top] as number) + 1;
      }
    }
    i++;
  }
  return undefined;
}

function duplicate(key: string, at: readonly (string | number)[], depth: number, offset: number) {
  return { kind: 'duplicate' as const, key, path: pointer(at, depth), offset };
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

/** JSON Pointer of the container at `depth` (the path of the members leading to it). */
function pointer(at: readonly (string | number)[], depth: number): string {
  let path = '';
  for (let n = 0; n < depth; n++) path += `/${String(at[n]).replace(/~/g, '~0').replace(/\//g, '~1')}`;
  return path;
}
