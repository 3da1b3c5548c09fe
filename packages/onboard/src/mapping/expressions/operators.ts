import { coalesce, column, constOperator, hook, nullIf, object, template } from './basic-operators.ts';
import { lookup, when } from './logic-operators.ts';
import type { Operator } from './operator.ts';
import { boolean, date, decimal, integer, number, timestamp } from './parse-operators.ts';
import { join, lower, replace, split, titleCase, trim, upper } from './text-operators.ts';

/** Every expression operator by its key. The JSON Schema and the docs are checked against it. */
export const OPERATORS: Readonly<Record<string, Operator>> = {
  column,
  const: constOperator,
  template,
  coalesce,
  nullIf,
  trim,
  upper,
  lower,
  titleCase,
  split,
  join,
  replace,
  number,
  integer,
  decimal,
  boolean,
  date,
  timestamp,
  when,
  lookup,
  object,
  hook,
};
