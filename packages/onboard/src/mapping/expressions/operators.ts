import { coalesce, column, constOperator, hook, nullIf, object, template } from './basic-operators.ts';
import { addDays, addMonths, daysBetween } from './date-operators.ts';
import { keep } from './keep-operator.ts';
import { lookup, when } from './logic-operators.ts';
import { add, divide, multiply, round, subtract } from './number-operators.ts';
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
  add,
  subtract,
  multiply,
  divide,
  round,
  addDays,
  addMonths,
  daysBetween,
  when,
  lookup,
  object,
  keep,
  hook,
};
