import { isTemplate } from '../expressions/template.ts';
import type { Expression } from '../mapping-document.ts';

/**
 * A column as an expression: its bare name, or `{ column: name }` when the bare name would read as
 * a template (`a{b}`), which names a different column or none.
 */
export function columnReference(name: string): Expression {
  return isTemplate(name) ? { column: name } : name;
}
