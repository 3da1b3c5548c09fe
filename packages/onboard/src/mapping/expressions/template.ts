import type { Row } from '../../connectors/value.ts';
import type { MappingPath } from '../mapping-problem.ts';
import { BROKEN, type CompiledExpression, type ExpressionContext } from './compiled-expression.ts';
import { isBlank, toText } from './text-value.ts';

type Part = string | ((row: Row) => unknown);

/** Splits `"{First} {Last}"` into literal text and column names; `{{` and `}}` are literal braces. */
export function parseTemplate(text: string): { parts: (string | { column: string })[] } | { error: string } {
  const parts: (string | { column: string })[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if ((char === '{' || char === '}') && text[i + 1] === char) {
      literal += char;
      i++;
    } else if (char === '{') {
      const end = text.indexOf('}', i);
      const name = end < 0 ? '' : text.slice(i + 1, end).trim();
      if (end < 0) return { error: `unclosed "{" at position ${i + 1}` };
      if (name === '' || name.includes('{'))
        return { error: `empty or nested placeholder at position ${i + 1}` };
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ column: name });
      i = end;
    } else if (char === '}') {
      return { error: `unmatched "}" at position ${i + 1} (write "}}" for a literal brace)` };
    } else {
      literal += char;
    }
  }
  if (literal) parts.push(literal);
  return { parts };
}

/** True when a string is a template rather than a column name. */
export function isTemplate(text: string): boolean {
  return text.includes('{') || text.includes('}');
}

/**
 * Compiles a template. With `strict` (external ids, references) a null or blank placeholder makes
 * the whole result null; otherwise it renders as empty text.
 */
export function compileTemplate(
  text: string,
  path: MappingPath,
  context: ExpressionContext,
  strict: boolean,
): CompiledExpression {
  const parsed = parseTemplate(text);
  if ('error' in parsed) {
    context.sink.add('bad_expression', path, `bad template ${JSON.stringify(text)}: ${parsed.error}`);
    return BROKEN;
  }
  const parts: Part[] = parsed.parts.map((part) =>
    typeof part === 'string' ? part : context.column(part.column, path).evaluate,
  );
  const only = parts.length === 1 ? parts[0] : undefined;
  if (typeof only === 'function') {
    return {
      type: 'string',
      evaluate: (row) => {
        const value = only(row);
        if (strict && isBlank(value)) return null;
        return toText(value) ?? '';
      },
    };
  }
  return {
    type: 'string',
    evaluate: (row) => {
      let out = '';
      for (const part of parts) {
        if (typeof part === 'string') {
          out += part;
          continue;
        }
        const value = part(row);
        if (strict && isBlank(value)) return null;
        out += toText(value) ?? '';
      }
      return out;
    },
  };
}
