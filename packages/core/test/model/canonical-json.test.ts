import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/model/kinds/canonical-json.ts';
import { jsonKind } from '../../src/model/kinds/json-kind.ts';

describe('canonical JSON', () => {
  it('sorts keys at every level and keeps a key named __proto__ as a key', () => {
    const parsed = JSON.parse('{"b":1,"__proto__":{"x":1},"a":[{"d":1,"c":2}]}');
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"x":1},"a":[{"c":2,"d":1}],"b":1}');
    const stored = jsonKind.parse(parsed, { type: 'json' });
    expect(stored.ok && canonicalJson(stored.value)).toBe('{"__proto__":{"x":1},"a":[{"c":2,"d":1}],"b":1}');
  });
});
