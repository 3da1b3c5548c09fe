import type { Row } from '../../connectors/value.ts';
import type { MappingPath } from '../mapping-problem.ts';
import { BROKEN, type CompiledExpression, type ExpressionContext } from './compiled-expression.ts';
import { isBlank, toText } from './text-value.ts';

type Part = string | ((row: Row) => unknown);

type TemplatePart = string | { column: string };

/** Where a placeholder opened at `open` ends, and the column it names; or why it is broken. */
type Placeholder = { column: string; end: number } | { error: string };

/**
 * A quoted placeholder, `{"name"}`: the name is the JSON string starting at `quote` (any text,
 * the empty name, blanks, braces and escaped quotes included), then blanks and the closing brace.
 */
function quotedPlaceholder(text: string, open: number, quote: number): Placeholder {
  let i = quote + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  if (i >= text.length) return { error: `unclosed quoted column name at position ${open + 1}` };
  let column: string;
  try {
    column = JSON.parse(text.slice(quote, i + 1)) as string;
  } catch (error) {
    return { error: `bad quoted column name at position ${open + 1}: ${(error as Error).message}` };
  }
  let end = i + 1;
  while (end < text.length && /\s/.test(text[end]!)) end++;
  if (text[end] !== '}')
    return {
      error: `expected "}" after the quoted column name at position ${open + 1}${
        end < text.length ? `, found ${JSON.stringify(text[end])}` : ''
      }`,
    };
  return { column, end };
}

/** The placeholder opened at `open`: `{ Name }` (trimmed, no braces) or `{"any name"}`. */
function placeholderAt(text: string, open: number): Placeholder {
  let first = open + 1;
  while (first < text.length && /\s/.test(text[first]!)) first++;
  if (text[first] === '"') return quotedPlaceholder(text, open, first);
  const end = text.indexOf('}', open);
  if (end < 0) return { error: `unclosed "{" at position ${open + 1}` };
  const column = text.slice(open + 1, end).trim();
  if (column === '' || column.includes('{'))
    return {
      error: `empty or nested placeholder at position ${open + 1} (quote a name that is blank or holds braces: {"a{b}"})`,
    };
  return { column, end };
}

/**
 * Splits `"{First} {Last}"` into literal text and column names. `{{` and `}}` are literal braces;
 * `{Name}` names a column (blanks around it removed); `{"Name"}` names the column whose name is
 * that JSON string, for names a bare placeholder cannot hold (empty, blank-padded, with braces or
 * starting with a quote). docs/mappings.md, Values.
 */
export function parseTemplate(text: string): { parts: TemplatePart[] } | { error: string } {
  const parts: TemplatePart[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if ((char === '{' || char === '}') && text[i + 1] === char) {
      literal += char;
      i++;
    } else if (char === '{') {
      const placeholder = placeholderAt(text, i);
      if ('error' in placeholder) return placeholder;
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ column: placeholder.column });
      i = placeholder.end;
    } else if (char === '}') {
      return { error: `unmatched "}" at position ${i + 1} (write "}}" for a literal brace)` };
    } else {
      literal += char;
    }
  }
  if (literal) parts.push(literal);
  return { parts };
}

/**
 * The placeholder naming `column`: `{Name}` when the bare form reads back as exactly that name,
 * else the quoted form `{"Name"}` (mapping init writes templates through this).
 */
export function placeholderFor(column: string): string {
  const bare = column !== '' && column.trim() === column && !/[{}]/.test(column) && !column.startsWith('"');
  return bare ? `{${column}}` : `{${JSON.stringify(column)}}`;
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
