import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { MappingPath, MappingProblem } from './mapping-problem.ts';

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
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const syntaxProblems: LocatedProblem[] = doc.errors.map((error) => ({
    code: 'syntax',
    path: [],
    message: error.message.split('\n')[0] ?? error.message,
    ...at(error.pos[0]),
  }));
  return {
    data: syntaxProblems.length > 0 ? undefined : doc.toJS({ maxAliasCount: 1000 }),
    syntaxProblems,
    locate: (problem) => ({ ...problem, ...at(offsetOf(doc, problem.path, problem.key === true)) }),
  };
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
