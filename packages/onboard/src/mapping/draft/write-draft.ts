import { Document, isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { MappingDraft } from './draft-mapping.ts';

/**
 * The draft as YAML: notes as comments (before a key, or after its value), expressions in flow
 * style (`{ trim: FirstName }`), and a header saying how it was made and what to do next.
 */
export function writeDraft(draft: MappingDraft, header: readonly string[]): string {
  const doc = new Document(draft.document);
  doc.commentBefore = header.map((line) => ` ${line}`).join('\n');
  for (const path of draft.expressions) flow(doc.getIn(path, true));
  for (const note of draft.notes) {
    const pair = pairAt(doc, note.path);
    if (!pair) continue;
    const text = ` ${note.text}`;
    if (note.where === 'before' && isScalar(pair.key))
      pair.key.commentBefore = pair.key.commentBefore ? `${pair.key.commentBefore}\n${text}` : text;
    else if (note.where === 'after' && pair.value && (isScalar(pair.value) || isMap(pair.value)))
      (pair.value as Node).comment = text;
  }
  return doc.toString({ lineWidth: 110 });
}

/** One line per expression; a `when` stays a block, its conditions and results on one line each. */
function flow(node: unknown): void {
  if (!isMap(node)) {
    if (isSeq(node)) node.flow = true;
    return;
  }
  const when = node.get('when', true);
  if (!isSeq(when)) {
    node.flow = true;
    return;
  }
  for (const branch of when.items) if (isMap(branch)) for (const item of branch.items) flow(item.value);
  flow(node.get('else', true));
}

function pairAt(doc: Document, path: readonly string[]): Pair | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  return parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === path.at(-1)) as
    | Pair
    | undefined;
}
