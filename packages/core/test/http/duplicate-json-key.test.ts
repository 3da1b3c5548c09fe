import { describe, expect, it } from 'vitest';
import { findDuplicateJsonKey } from '../../src/http/duplicate-json-key.ts';

const find = (value: string) => findDuplicateJsonKey(value);

describe('duplicate JSON keys', () => {
  it('finds the first key repeated within one object, with its object and offset', () => {
    const text = '{"a":[{"x":1},{"x":2,"y":{"x":3},"x":4}],"b":{}}';
    expect(find(text)).toEqual({
      kind: 'duplicate',
      key: 'x',
      path: '/a/1',
      offset: text.lastIndexOf('"x"'),
    });
    expect(find('{"a":1,"b":{"c":1,"c":2},"a":2}')).toEqual({
      kind: 'duplicate',
      key: 'c',
      path: '/b',
      offset: 18,
    });
    expect(find('{"~/":{"k":1,"k":1}}')).toEqual({ kind: 'duplicate', key: 'k', path: '/~0~1', offset: 13 });
  });

  it('compares keys as decoded strings, in objects of any size', () => {
    expect(find('{"ab":1,"a\\u0062":2}')?.key).toBe('ab');
    expect(find('{"a\\"":1,"a\\u0022":2}')?.key).toBe('a"');
    const many = Array.from({ length: 40 }, (_, n) => `"k${n}":${n}`);
    expect(find(`{${many.join(',')}}`)).toBeUndefined();
    expect(find(`{${many.join(',')},"k17":0}`)).toEqual({
      kind: 'duplicate',
      key: 'k17',
      path: '',
      offset: many.join(',').length + 2,
    });
    expect(find(`{${many.slice(0, 10).join(',')},"k3":0}`)?.key).toBe('k3');
  });

  it('accepts the same key in sibling and nested objects, and keys inside string values', () => {
    expect(find('{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}],"c":"\\"a\\":{\\"a\\""}')).toBeUndefined();
    expect(find('[[],{},[{"x":[1,{"x":2}]}],"x","x"]')).toBeUndefined();
    expect(find(`{"records":[${'{"externalId":"1","fields":{"a":1}},'.repeat(50)}{}]}`)).toBeUndefined();
  });

  it('finds prototype-poisoning keys however spelt, and leaves look-alikes alone', () => {
    expect(find('{"a":[{"__proto__":{"x":1}}]}')).toEqual({
      kind: 'prototype',
      key: '__proto__',
      path: '/a/0',
      offset: 7,
    });
    expect(find('{"a":{"\\u005f_proto__":1}}')?.kind).toBe('prototype');
    expect(find('{"constructor":{"prototype":{}}}')).toEqual({
      kind: 'prototype',
      key: 'prototype',
      path: '/constructor',
      offset: 16,
    });
    expect(find('{"constructor":{"x":1},"prototype":1,"p":"__proto__"}')).toBeUndefined();
    expect(find('{"constructor":[{"prototype":1}]}')).toBeUndefined();
    expect(find('{"c":{"constructor":1,"y":{"prototype":1}}}')).toBeUndefined();
  });
});
