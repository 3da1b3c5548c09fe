import { describe, expect, it } from 'vitest';
import { localStreamName, qualifiedStreamName, streamNameParts } from '../../src/connectors/stream-name.ts';

/** Names of parts, written out by hand from the rule in docs/connectors.md. */
const CASES: [string[], string][] = [
  [['public', 'customer'], 'public.customer'],
  [['a.b', 'c'], '"a.b".c'],
  [['a', 'b.c'], 'a."b.c"'],
  [['q"s', 't'], '"q""s".t'],
  [['"', '.'], '""""."."'],
  [['Ünï code', 'a b-c'], 'Ünï code.a b-c'],
];

describe('qualified stream names', () => {
  it('quote exactly the parts holding a dot or a quote, and read back as the same parts', () => {
    for (const [parts, name] of CASES) {
      expect(qualifiedStreamName(parts)).toBe(name);
      expect(streamNameParts(name)).toEqual(parts);
    }
  });

  it('refuse text that is no such name', () => {
    for (const text of ['"a.b', 'a"b.c', 'a..b', '.a', 'a.', '"a"b.c', '"a".']) {
      expect(streamNameParts(text)).toBeNull();
    }
  });

  it('give the last part, or the text after the last dot of other text', () => {
    expect(localStreamName('a."b.c"')).toBe('b.c');
    expect(localStreamName('"a.b".c')).toBe('c');
    expect(localStreamName('Invoice')).toBe('Invoice');
    expect(localStreamName('x"y.z')).toBe('z');
  });
});
