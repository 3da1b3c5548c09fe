import { isTemplate } from '../expressions/template.ts';
import type { Expression } from '../mapping-document.ts';

/**
 * A column as an expression: its bare name, or `{ column: name }` when the bare name would read as
 * a template (`a{b}`), which names a different column or none.
 */
export function columnReference(name: string): Expression {
  return isTemplate(name) ? { column: name } : name;
}

/**
 * True when a template placeholder (`{name}`) names this column: placeholders are trimmed and end
 * at the first brace, so a blank name, one with braces or with blanks around it cannot be one.
 */
export function fitsTemplate(name: string): boolean {
  return name.trim() === name && name !== '' && !isTemplate(name);
}
