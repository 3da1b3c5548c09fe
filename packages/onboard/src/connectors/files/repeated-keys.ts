/** A key that one object of a JSON text has twice or more (each repeat listed once per occurrence). */
export interface RepeatedKey {
  readonly key: string;
  /** Whether the object is inside the line's object (a value) rather than the line's object itself. */
  readonly nested: boolean;
}

/**
 * A JSON string token (group 1: followed by a colon, so a key) or a bracket. Outside strings valid
 * JSON has no `"`, so the successive matches are exactly its strings and brackets.
 */
const TOKENS = /"(?:[^"\\]|\\.)*"(\s*:)?|[{}[\]]/g;

/**
 * The keys an object of `text` (a valid JSON document) repeats, and the keys of its top-level
 * object; null when no object repeats a key (the usual case). `JSON.parse` keeps the last value of
 * a repeated key without a word, so the NDJSON reader looks here first. One pass over the text's
 * strings and brackets; the keys of all open objects are kept in one list, each object's from its
 * start in it (`starts`; -1 for an array).
 */
export function repeatedKeys(text: string): { repeats: RepeatedKey[]; topKeys: Set<string> } | null {
  const keys: string[] = [];
  const starts: number[] = [];
  const repeats: RepeatedKey[] = [];
  let topKeys: Set<string> | null = null;
  TOKENS.lastIndex = 0;
  for (let token = TOKENS.exec(text); token !== null; token = TOKENS.exec(text)) {
    const raw = token[0];
    if (token[1] !== undefined) {
      const start = starts[starts.length - 1] ?? -1;
      if (start < 0) continue;
      const end = raw.lastIndexOf('"');
      const key = raw.includes('\\') ? (JSON.parse(raw.slice(0, end + 1)) as string) : raw.slice(1, end);
      if (keys.indexOf(key, start) >= 0) repeats.push({ key, nested: starts.length > 1 });
      else keys.push(key);
    } else if (raw === '{') {
      starts.push(keys.length);
    } else if (raw === '[') {
      starts.push(-1);
    } else if (raw === '}' || raw === ']') {
      const start = starts.pop() ?? -1;
      if (starts.length === 0 && raw === '}') topKeys = new Set(keys);
      if (start >= 0) keys.length = start;
    }
  }
  return repeats.length === 0 ? null : { repeats, topKeys: topKeys ?? new Set() };
}

/**
 * Whether `text` may hold an object that repeats a key, given `value`, its parse: false when the
 * text has no more places where a string is followed by a colon (every key, and now and then a
 * string value's own `\":`) than `value` has keys in all its objects. Each key is such a place
 * and a repeat adds one without adding a key, so false proves there is none; true sends the line
 * to `repeatedKeys`. Costs a native search and a walk of the parsed value, far less than the scan.
 */
export function mayRepeatKeys(text: string, value: unknown): boolean {
  let places = 0;
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    let before = colon - 1;
    while (before >= 0 && isSpace(text.charCodeAt(before))) before--;
    if (text.charCodeAt(before) === 0x22) places++;
  }
  return places > keysIn(value);
}

/** How many keys the objects of a parsed JSON value have together. */
function keysIn(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (const item of value) n += keysIn(item);
    return n;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    n += 1;
    const inner = object[key];
    if (inner !== null && typeof inner === 'object') n += keysIn(inner);
  }
  return n;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
