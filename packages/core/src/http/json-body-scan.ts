import { type JsonObjectPiece, type JsonObjectVisitor, jsonTextStart } from '@madeup/contract';
import { type DuplicateJsonKey, findDuplicateJsonKey } from './duplicate-json-key.ts';

/**
 * `findDuplicateJsonKey` over a JSON object body parsed piece by piece (`parseJsonObjectBytes`):
 * the top-level names are checked here, each piece's text by `findDuplicateJsonKey`, and the first
 * key found is reported as that function reports it over the whole body's text (path from the
 * top, offset in characters of the text past a byte-order mark).
 */
export class JsonBodyScan implements JsonObjectVisitor {
  /** The first repeated or prototype-poisoning key, in body order. */
  found: DuplicateJsonKey | undefined;
  readonly #bytes: Uint8Array;
  readonly #names = new Set<string>();

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  member(name: string, byteOffset: number): void {
    if (this.found !== undefined) return;
    if (name === '__proto__' || this.#names.has(name))
      this.found = {
        kind: name === '__proto__' ? 'prototype' : 'duplicate',
        key: name,
        path: '',
        offset: this.#characterOffset(byteOffset),
      };
    this.#names.add(name);
  }

  piece(piece: JsonObjectPiece): void {
    if (this.found !== undefined) return;
    const run = piece.firstIndex !== undefined;
    const inner = findDuplicateJsonKey(piece.text, run ? undefined : piece.name);
    if (inner === undefined) return;
    let path = `/${piece.name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (run) {
      // The run's own path starts with the element's index within the run.
      const slash = inner.path.indexOf('/', 1);
      const index = Number(inner.path.slice(1, slash < 0 ? undefined : slash)) + (piece.firstIndex as number);
      path += `/${index}${slash < 0 ? '' : inner.path.slice(slash)}`;
    } else path += inner.path;
    // A run's text opens with a bracket that is not in the body.
    const offset = this.#characterOffset(piece.byteOffset) + inner.offset - (run ? 1 : 0);
    this.found = { kind: inner.kind, key: inner.key, path, offset };
  }

  /** Characters of the body's text (past a byte-order mark) before `byteOffset` (errors only). */
  #characterOffset(byteOffset: number): number {
    return Buffer.from(this.#bytes.buffer, this.#bytes.byteOffset, this.#bytes.length).toString(
      'utf8',
      jsonTextStart(this.#bytes),
      byteOffset,
    ).length;
  }
}
