import { parseJsonObjectBytes } from '@madeup/contract';
import { fuzzOptions, fuzzTimeout, lateKeyObjectText, objectText, writeObject } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDuplicateJsonKey } from '../../src/http/duplicate-json-key.ts';
import { JsonBodyScan } from '../../src/http/json-body-scan.ts';

const RUNS = 40;

describe('JsonBodyScan (property)', () => {
  it(
    'finds in a body parsed in pieces what findDuplicateJsonKey finds in its whole text, at a character offset holding that key',
    () => {
      fc.assert(
        fc.property(fc.oneof(objectText, lateKeyObjectText), (doc) => {
          const { bytes, text } = writeObject(doc);
          const scan = new JsonBodyScan(bytes);
          parseJsonObjectBytes(bytes, scan);
          const whole = findDuplicateJsonKey(text);
          expect(scan.found).toEqual(whole);
          if (scan.found === undefined) return;
          // The offset is that of the key's string in the text past a byte-order mark.
          const at = scan.found.offset;
          expect(text[at]).toBe('"');
          const end = /^"(?:[^"\\]|\\.)*"/su.exec(text.slice(at))?.[0] ?? '';
          expect(JSON.parse(end)).toBe(scan.found.key);
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});
