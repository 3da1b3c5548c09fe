/**
 * Where a parsed draft names streams and columns, read by the mapping language's rules as
 * docs/mappings.md gives them (written here, not taken from the draft code): a string without
 * braces is a column, a string with `{…}` a template (`{{`/`}}` literal braces, `{"…"}` a quoted
 * name), `{ op: … }` an operator. Each name the draft wrote must be exactly a stream or column the source has.
 */
export interface NameProblem {
  readonly path: string;
  readonly problem: string;
}

type Names = (path: string, name: unknown) => void;

/** Operators whose argument is an expression; the rest of a draft's keys are options. */
const OPERATORS = ['trim', 'lower', 'decimal', 'integer', 'boolean', 'timestamp', 'date', 'lookup'];
const OPTIONS = ['format', 'values', 'table'];

/**
 * The column names of a template's placeholders, as docs/mappings.md reads them: `{{`/`}}` are
 * literal braces, `{Name}` names the trimmed text up to the next `}`, `{"Name"}` the JSON string
 * (blanks allowed around it); undefined when malformed.
 */
export function placeholders(text: string): string[] | undefined {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if ((char === '{' || char === '}') && text[i + 1] === char) i++;
    else if (char === '}') return undefined;
    else if (char === '{') {
      const quoted = /^\{\s*("(?:[^"\\]|\\.)*")\s*\}/s.exec(text.slice(i));
      if (quoted) {
        found.push(JSON.parse(quoted[1]!) as string);
        i += quoted[0].length - 1;
        continue;
      }
      const end = text.indexOf('}', i);
      if (end < 0) return undefined;
      found.push(text.slice(i + 1, end).trim());
      i = end;
    }
  }
  return found;
}

function template(path: string, text: unknown, column: Names, problems: NameProblem[]): void {
  if (typeof text !== 'string')
    return void problems.push({ path, problem: `not a template: ${JSON.stringify(text)}` });
  const names = placeholders(text);
  if (!names) return void problems.push({ path, problem: `malformed template ${JSON.stringify(text)}` });
  for (const name of names) column(path, name);
}

function expression(path: string, value: unknown, column: Names, problems: NameProblem[]): void {
  if (typeof value === 'string') {
    if (value.includes('{') || value.includes('}')) template(path, value, column, problems);
    else column(path, value);
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return void problems.push({
      path,
      problem: `a constant where a column was written: ${JSON.stringify(value)}`,
    });
  for (const [key, argument] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (OPERATORS.includes(key)) expression(at, argument, column, problems);
    else if (key === 'column') column(at, argument);
    else if (key === 'keep') {
      if (!Array.isArray(argument)) problems.push({ path: at, problem: 'keep is not a list' });
      else for (const [i, name] of argument.entries()) column(`${at}[${i}]`, name);
    } else if (key === 'when') {
      for (const [i, branch] of (argument as { if: { matches: unknown[] }; then: unknown }[]).entries()) {
        expression(`${at}[${i}].if`, branch.if.matches[0], column, problems);
        expression(`${at}[${i}].then`, branch.then, column, problems);
      }
    } else if (key === 'else') expression(at, argument, column, problems);
    else if (!OPTIONS.includes(key))
      problems.push({ path: at, problem: `unexpected key ${JSON.stringify(key)}` });
  }
}

/**
 * Every stream and column name the draft `doc` writes, checked against `tables` (name -> column
 * names, as written into the source): the problems found.
 */
export function draftNameProblems(
  doc: unknown,
  tables: ReadonlyMap<string, readonly string[]>,
): NameProblem[] {
  const problems: NameProblem[] = [];
  const entities = (doc as { entities?: Record<string, Record<string, unknown>> }).entities ?? {};
  for (const [entity, mapping] of Object.entries(entities)) {
    const at = `entities.${entity}`;
    const stream = mapping['stream'];
    if (typeof stream !== 'string' || !tables.has(stream)) {
      problems.push({ path: `${at}.stream`, problem: `no such table: ${JSON.stringify(stream)}` });
      continue;
    }
    const known = new Set(tables.get(stream));
    const joins = (mapping['joins'] ?? {}) as Record<string, { stream: unknown; on: unknown }>;
    for (const [alias, join] of Object.entries(joins)) {
      const target = typeof join.stream === 'string' ? tables.get(join.stream) : undefined;
      if (!target)
        problems.push({
          path: `${at}.joins.${alias}`,
          problem: `no such table: ${JSON.stringify(join.stream)}`,
        });
      for (const name of target ?? []) known.add(`${alias}.${name}`);
    }
    const column: Names = (path, name) => {
      if (typeof name !== 'string' || !known.has(name))
        problems.push({
          path,
          problem: `not a column of ${JSON.stringify(stream)}: ${JSON.stringify(name)}`,
        });
    };
    for (const [alias, join] of Object.entries(joins))
      for (const name of [join.on].flat()) column(`${at}.joins.${alias}.on`, name);
    template(`${at}.id`, mapping['id'], column, problems);
    if (mapping['cursor'] !== undefined)
      for (const name of [mapping['cursor']].flat()) column(`${at}.cursor`, name);
    for (const [field, value] of Object.entries((mapping['fields'] ?? {}) as Record<string, unknown>)) {
      const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
      const operator =
        isObject && Object.keys(value).some((key) => [...OPERATORS, 'column', 'keep', 'when'].includes(key));
      if (isObject && !operator)
        for (const [member, inner] of Object.entries(value))
          expression(`${at}.fields.${field}.${member}`, inner, column, problems);
      else expression(`${at}.fields.${field}`, value, column, problems);
    }
    for (const [name, value] of Object.entries((mapping['refs'] ?? {}) as Record<string, unknown>))
      template(`${at}.refs.${name}`, value, column, problems);
  }
  return problems;
}
