import { type Document, isAlias, isMap, isScalar, isSeq, type Node, parseDocument, visit } from 'yaml';
import type { MappingPath, MappingProblem } from './mapping-problem.ts';
import { plainDataProblems } from './plain-data.ts';

/** A problem with its place in the file (1-based line and column). */
export interface LocatedProblem extends MappingProblem {
  readonly line: number;
  readonly column: number;
}

/** A parsed mapping file that can place a path of the document back in the text. */
export interface MappingText {
  /** The plain data of the document (undefined when the YAML does not parse). */
  readonly data: unknown;
  /** YAML syntax errors, located. */
  readonly syntaxProblems: readonly LocatedProblem[];
  locate(problem: MappingProblem): LocatedProblem;
}

/** Parses YAML (or JSON, which is YAML) text of a mapping, keeping source positions. */
export function parseMappingText(text: string): MappingText {
  const doc = parseDocument(text, { merge: true, prettyErrors: false });
  const at = positionIn(text);
  // An unknown tag (`!foo`) is only a warning to yaml, which then reads the plain value.
  const unknownTags = doc.warnings.filter((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  const syntaxProblems: LocatedProblem[] = [...doc.errors, ...unknownTags].map((error) => ({
    code: 'syntax',
    path: [],
    message: syntaxMessage(error.message.split('\n')[0] ?? error.message),
    ...at(error.pos[0]),
  }));
  const locate = (problem: MappingProblem): LocatedProblem => ({
    ...problem,
    ...at(offsetOf(doc, problem.path, problem.key === true)),
  });
  let data: unknown;
  if (syntaxProblems.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 1000 });
      syntaxProblems.push(...plainDataProblems(data).map(locate));
    } catch (error) {
      // An alias to no anchor, or aliases that expand past the limit (a "billion laughs").
      syntaxProblems.push({
        code: 'syntax',
        path: [],
        message: (error as Error).message,
        ...at(aliasOffset(doc)),
      });
    }
  }
  return { data: syntaxProblems.length > 0 ? undefined : data, syntaxProblems, locate };
}

/**
 * Line and column (1-based) of an offset, lines ending at LF. Counted from the text, not by
 * yaml's LineCounter, which misses the line breaks inside a quoted scalar left open by a syntax
 * error (and placed a problem at column 104 of a 16-character line).
 */
function positionIn(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    const clamped = Math.max(0, Math.min(offset, text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: clamped - starts[low]! + 1 };
  };
}

/** yaml reports a document nested past the call stack by the engine's words; say it plainly. */
function syntaxMessage(message: string): string {
  return /call stack/i.test(message) ? `nested too deeply to read (${message})` : message;
}

/** Where the aliases start: the first alias to no anchor, else the first alias. */
function aliasOffset(doc: Document): number {
  let first: number | undefined;
  let unresolved: number | undefined;
  visit(doc, {
    Alias(_, node) {
      first ??= rangeStart(node);
      if (node.resolve(doc) === undefined) {
        unresolved = rangeStart(node);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return unresolved ?? first ?? 0;
}

/**
 * The offset of a path: the value's start for scalars and flow collections, the key's start for
 * keys and block collections (so `fields:` is pointed at, not its first member). A path that runs
 * past the document stops at the key of the deepest node found.
 */
function offsetOf(doc: Document, path: MappingPath, key: boolean): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  let keyOffset = offset;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) return keyOffset;
      keyOffset = rangeStart(pair.key) ?? offset;
      const value = pair.value;
      const block = (isMap(value) || isSeq(value)) && !value.flow;
      if (last && (key || block || value === null)) return keyOffset;
      node = value;
      offset = rangeStart(value) ?? keyOffset;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return offset;
      node = item;
      offset = rangeStart(item) ?? offset;
      keyOffset = offset;
    } else if (isAlias(node)) {
      return rangeStart(node) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
