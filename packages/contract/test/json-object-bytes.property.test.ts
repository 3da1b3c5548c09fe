import {
  fuzzOptions,
  fuzzTimeout,
  mutate,
  mutation,
  objectText,
  sameJson,
  writeObject,
} from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type JsonObjectPiece,
  jsonTextStart,
  opensJsonObject,
  parseJsonObjectBytes,
} from '../src/json-object-bytes.ts';

const RUNS = 40;

/** What `parseJsonObjectBytes` must give: `JSON.parse` of the text past a byte-order mark, when an object. */
function oracle(bytes: Buffer): { ok: true; value: unknown } | { ok: false } {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8', start));
  } catch {
    return { ok: false };
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? { ok: true, value }
    : { ok: false };
}

function parseWithVisitor(bytes: Buffer) {
  const members: { name: string; byteOffset: number }[] = [];
  const pieces: JsonObjectPiece[] = [];
  const value = parseJsonObjectBytes(bytes, {
    member: (name, byteOffset) => members.push({ name, byteOffset }),
    piece: (piece) => pieces.push(piece),
  });
  return { value, members, pieces };
}

describe('parseJsonObjectBytes (property)', () => {
  it(
    "gives JSON.parse's value, each member name and value piece at its byte offset, arrays in runs that make them up",
    () => {
      fc.assert(
        fc.property(objectText, (doc) => {
          const { bytes, places } = writeObject(doc);
          const expected = oracle(bytes);
          expect(expected.ok).toBe(true);
          expect(opensJsonObject(bytes)).toBe(true);
          expect(jsonTextStart(bytes)).toBe(doc.bom ? 3 : 0);
          const { value, members, pieces } = parseWithVisitor(bytes);
          expect(sameJson(value, (expected as { value: unknown }).value)).toBe(true);
          expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
          expect(members).toEqual(
            places.map((p) => ({ name: JSON.parse(p.name), byteOffset: p.nameOffset })),
          );
          let next = 0;
          for (const place of places) {
            const array = Array.isArray(JSON.parse(place.value));
            const own: JsonObjectPiece[] = [pieces[next++] as JsonObjectPiece];
            // An array's runs go on until the next member's first piece (index 0, or none).
            while (array && pieces[next] !== undefined && (pieces[next]?.firstIndex ?? 0) > 0)
              own.push(pieces[next++] as JsonObjectPiece);
            expect(own.every((piece) => piece.name === JSON.parse(place.name))).toBe(true);
            checkPieces(bytes, place.value, place.valueOffset, own);
          }
          expect(next).toBe(pieces.length);
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'refuses a body changed so that JSON.parse refuses it, with a SyntaxError; one it accepts gives its value',
    () => {
      fc.assert(
        fc.property(objectText, fc.array(mutation, { minLength: 1, maxLength: 3 }), (doc, changes) => {
          let bytes = writeObject(doc).bytes;
          for (const change of changes) if (bytes.length > 0) bytes = mutate(bytes, change);
          const expected = oracle(bytes);
          let parsed: unknown;
          try {
            parsed = parseJsonObjectBytes(bytes);
          } catch (error) {
            expect(error).toBeInstanceOf(SyntaxError);
            // Where: a byte offset in the body, within it.
            const at = Number(/at byte (\d+)/.exec((error as Error).message)?.[1] ?? -1);
            expect(at, (error as Error).message).toBeGreaterThanOrEqual(0);
            expect(at).toBeLessThanOrEqual(bytes.length);
            expect(expected.ok, `refused: ${(error as Error).message}`).toBe(false);
            return;
          }
          expect(expected.ok, 'accepted what JSON.parse refuses').toBe(true);
          expect(sameJson(parsed, (expected as { value: unknown }).value)).toBe(true);
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});

/**
 * A member's value pieces: its whole text at its offset, or (an array) runs in brackets whose
 * elements' bytes are the body's at their offsets, in order, numbered from 0, together the array.
 */
function checkPieces(
  bytes: Buffer,
  valueText: string,
  valueOffset: number,
  pieces: readonly JsonObjectPiece[],
) {
  const value = JSON.parse(valueText) as unknown;
  if (!Array.isArray(value)) {
    expect(pieces).toHaveLength(1);
    expect(pieces[0]).toMatchObject({ text: valueText, firstIndex: undefined, byteOffset: valueOffset });
    return;
  }
  expect(pieces.length).toBeGreaterThan(0);
  const elements: unknown[] = [];
  let end = valueOffset + 1;
  for (const piece of pieces) {
    expect(piece.firstIndex).toBe(elements.length);
    expect(piece.text.startsWith('[') && piece.text.endsWith(']')).toBe(true);
    const inner = Buffer.from(piece.text.slice(1, -1), 'utf8');
    expect(piece.byteOffset).toBeGreaterThanOrEqual(end);
    // Between two runs: white space and one comma (none before the first).
    const between = bytes.toString('utf8', end, piece.byteOffset);
    expect(between).toMatch(elements.length === 0 ? /^[ \t\n\r]*$/ : /^[ \t\n\r]*,[ \t\n\r]*$/);
    expect(bytes.subarray(piece.byteOffset, piece.byteOffset + inner.length).equals(inner)).toBe(true);
    end = piece.byteOffset + inner.length;
    for (const element of JSON.parse(piece.text) as unknown[]) elements.push(element);
  }
  expect(sameJson(elements, value)).toBe(true);
  expect(bytes.toString('utf8', end, valueOffset + Buffer.byteLength(valueText))).toMatch(/^[ \t\n\r]*\]$/);
}
