/**
 * `JSON.parse` of one NDJSON line, working around a V8 bug (Node.js 24): once the process has parsed
 * an object key ending in a backslash (`"a\\"`), a later object with the same keys before it reads a
 * key ending in another escape (`"a\n"`, `"\u0000"`) as that key, so its value lands in the wrong
 * column. A line with a key ending in an escape goes through a small parser of its own instead.
 */
export function parseJsonLine(text: string): unknown {
  return ESCAPED_KEY_END.test(text) ? new JsonText(text).document() : JSON.parse(text);
}

/**
 * One NDJSON line whose object repeats a key of its own (`repeatedKeys`): parsed with each repeat
 * of a top-level key under a name of its own, `rename(key)`; a key repeated inside a value keeps
 * its last value, as `JSON.parse` does.
 */
export function parseJsonLineRenaming(text: string, rename: (key: string) => string): unknown {
  return new JsonText(text, rename).document();
}

/** A string ending in an escape sequence, followed by a colon: a key `JSON.parse` may misread. */
const ESCAPED_KEY_END = /\\(?:u[0-9a-fA-F]{4}|[^u])"\s*:/;

// A raw control character inside a string is left to JSON.parse of the string, which rejects it.
const TOKEN =
  /\s*(?:("(?:[^"\\]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")|(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null)|([{}[\],:]))/y;

/** RFC 8259 JSON by recursive descent; strings are decoded by `JSON.parse` of the string alone. */
class JsonText {
  readonly #text: string;
  readonly #rename: ((key: string) => string) | undefined;
  #at = 0;
  #depth = 0;

  constructor(text: string, rename?: (key: string) => string) {
    this.#text = text;
    this.#rename = rename;
  }

  document(): unknown {
    const value = this.#value(this.#next());
    if (this.#text.slice(this.#at).trim() !== '') throw new SyntaxError('JSON: text after the value');
    return value;
  }

  #next(): RegExpExecArray {
    TOKEN.lastIndex = this.#at;
    const token = TOKEN.exec(this.#text);
    if (token === null) throw new SyntaxError(`JSON: unexpected text at ${this.#at}`);
    this.#at = TOKEN.lastIndex;
    return token;
  }

  #value(token: RegExpExecArray): unknown {
    const [, string, number, literal, punctuation] = token;
    if (string !== undefined) return JSON.parse(string) as string;
    if (number !== undefined) return Number(number);
    if (literal !== undefined) return literal === 'null' ? null : literal === 'true';
    if (punctuation === '[') return this.#array();
    if (punctuation === '{') return this.#object();
    throw new SyntaxError(`JSON: unexpected ${punctuation}`);
  }

  #array(): unknown[] {
    const items: unknown[] = [];
    let token = this.#next();
    if (token[4] === ']') return items;
    for (;;) {
      items.push(this.#value(token));
      const after = this.#next()[4];
      if (after === ']') return items;
      if (after !== ',') throw new SyntaxError('JSON: expected , or ]');
      token = this.#next();
    }
  }

  #object(): Record<string, unknown> {
    this.#depth++;
    try {
      return this.#members();
    } finally {
      this.#depth--;
    }
  }

  #members(): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    let token = this.#next();
    if (token[4] === '}') return object;
    for (;;) {
      if (token[1] === undefined) throw new SyntaxError('JSON: expected a key');
      let key = JSON.parse(token[1]) as string;
      if (this.#rename && this.#depth === 1 && Object.hasOwn(object, key)) key = this.#rename(key);
      if (this.#next()[4] !== ':') throw new SyntaxError('JSON: expected :');
      // As JSON.parse: an own property even for `__proto__`; a repeated key keeps the last value.
      Object.defineProperty(object, key, {
        value: this.#value(this.#next()),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      const after = this.#next()[4];
      if (after === '}') return object;
      if (after !== ',') throw new SyntaxError('JSON: expected , or }');
      token = this.#next();
    }
  }
}
