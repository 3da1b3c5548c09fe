/**
 * Whether this runtime's `JSON.parse` reads object keys exactly. V8 in Node.js 24.21 (and 25.9)
 * reads a key that ends in an escape (`"a\n"`, `"\u0000"`) as an earlier-seen key of another
 * object that ended in a backslash (`"a\\"`) when the keys before it are the same: after
 * `JSON.parse('{"x":1,"a\\\\":2}')`, `JSON.parse('{"x":1,"a\\n":3}')` has the key `a\` instead of
 * `a` + newline, so a value lands under the wrong key. Node.js 20 and 24.22.3 read both right.
 * Core and onboard parse untrusted JSON with `JSON.parse`, so their commands refuse to start on
 * such a runtime (`runtimeJsonProblem`).
 */
export function jsonParseReadsEscapedKeys(): boolean {
  // Unusual key names, so this probe does not share V8's object shapes with real data.
  const first = JSON.parse('{"madeup-json-probe":1,"k\\\\":2}') as Record<string, unknown>;
  const second = JSON.parse('{"madeup-json-probe":1,"k\\n":3}') as Record<string, unknown>;
  return Object.keys(first)[1] === 'k\\' && Object.keys(second)[1] === 'k\n';
}

/** A message naming the defect when this runtime's `JSON.parse` misreads keys, else undefined. */
export function runtimeJsonProblem(): string | undefined {
  if (jsonParseReadsEscapedKeys()) return undefined;
  return (
    `this Node.js (v${process.versions.node}) misreads escaped keys in JSON.parse (a V8 defect of ` +
    'Node.js 24.21 and 25.9), which would put imported values under the wrong names; use Node.js ' +
    '24.22.3 or later on the 24 line (`source scripts/use-node.sh` installs it)'
  );
}
