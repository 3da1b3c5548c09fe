import { expect, it } from 'vitest';
import { jsonParseReadsEscapedKeys, runtimeJsonProblem } from '../src/json-runtime.ts';

it('runs on a Node.js whose JSON.parse reads escaped object keys exactly', () => {
  // V8 in Node.js 24.21 read the second key as 'a\\' (the first object's), not 'a' + newline.
  const first = JSON.parse('{"x":1,"a\\\\":2}') as Record<string, unknown>;
  const second = JSON.parse('{"x":1,"a\\n":3,"b\\u0000":4}') as Record<string, unknown>;
  expect(Object.keys(first)).toEqual(['x', 'a\\']);
  expect(Object.keys(second)).toEqual(['x', 'a\n', 'b\u0000']);
  expect(jsonParseReadsEscapedKeys()).toBe(true);
  expect(runtimeJsonProblem()).toBeUndefined();
});
