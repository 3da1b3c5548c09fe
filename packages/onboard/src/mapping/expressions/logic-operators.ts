import { showValue, ValueError } from '../value-error.ts';
import { compileCondition, type Predicate } from './compile-condition.ts';
import {
  allOutcomes,
  type CompiledExpression,
  commonType,
  constant,
  type ExprType,
  typeOfValue,
} from './compiled-expression.ts';
import { listArgument, type Operator } from './operator.ts';
import { toText } from './text-value.ts';

/** `{when: [{if: cond, then: expr}, …], else: expr}`: the first branch whose condition holds. */
export const when: Operator = {
  options: ['else'],
  description: 'conditional: the `then` of the first `if` that holds, else `else` (or null)',
  compile(node, path, context, sub) {
    const branches: { test: Predicate; result: CompiledExpression }[] = [];
    listArgument(node.when, [...path, 'when'], context, 'when').forEach((branch, i) => {
      const at = [...path, 'when', i];
      if (branch === null || typeof branch !== 'object' || !('if' in branch) || !('then' in branch)) {
        context.sink.add('bad_expression', at, 'each branch of when is {if: condition, then: expression}');
        return;
      }
      const { if: test, then: result, ...rest } = branch as Record<string, unknown>;
      for (const key of Object.keys(rest))
        context.sink.add('bad_expression', [...at, key], `unknown key "${key}" in a when branch`, true);
      branches.push({
        test: compileCondition(test, [...at, 'if'], context, sub),
        result: sub(result, [...at, 'then']),
      });
    });
    const otherwise = 'else' in node ? sub(node.else, [...path, 'else']) : undefined;
    const tests = branches.map((branch) => branch.test);
    const results = branches.map((branch) => branch.result.evaluate);
    const fallback = otherwise?.evaluate;
    const types: ExprType[] = branches.map((branch) => branch.result.type);
    if (otherwise) types.push(otherwise.type);
    return {
      ...allOutcomes([...branches.map((branch) => branch.result), otherwise]),
      type: commonType(types),
      evaluate: (row) => {
        for (let i = 0; i < tests.length; i++) if (tests[i]!(row)) return results[i]!(row);
        return fallback ? fallback(row) : null;
      },
    };
  },
};

/**
 * `{lookup: StatusCode, table: statuses, default: open}` or `{lookup: Code, values: {A: active}}`:
 * maps a source value (as text) through a value map. Null gives `default` (or null); a value with
 * no entry gives `default`, or a per-row `unmapped_value` error when there is none.
 */
export const lookup: Operator = {
  options: ['table', 'values', 'default', 'ignoreCase'],
  description: 'maps a value through a named `table` or inline `values`, with an optional `default`',
  compile(node, path, context, sub) {
    const inner = sub(node.lookup, [...path, 'lookup']).evaluate;
    const hasTable = typeof node.table === 'string';
    let values: Readonly<Record<string, unknown>> | undefined;
    if (hasTable && node.values === undefined) {
      values = context.lookup(node.table as string, [...path, 'table']);
    } else if (
      !hasTable &&
      node.values !== null &&
      typeof node.values === 'object' &&
      !Array.isArray(node.values)
    ) {
      values = node.values as Record<string, unknown>;
    } else {
      context.sink.add(
        'bad_expression',
        path,
        'lookup needs exactly one of `table` (a name from lookups) or `values` (a map)',
      );
    }
    const ignoreCase = node.ignoreCase === true;
    const map = new Map<string, unknown>();
    for (const [key, value] of Object.entries(values ?? {}))
      map.set(ignoreCase ? key.toLowerCase() : key, value);
    const fallback = 'default' in node ? sub(node.default, [...path, 'default']) : undefined;
    const name = hasTable ? `lookup "${node.table}"` : 'the lookup values';
    const types = [...map.values()].map(typeOfValue);
    if (fallback) types.push(fallback.type);
    const known = [...map.values()].map(constant);
    return {
      ...allOutcomes([...known, fallback ?? constant(null)]),
      type: commonType(types),
      evaluate: (row) => {
        const text = toText(inner(row));
        if (text === null) return fallback ? fallback.evaluate(row) : null;
        const key = ignoreCase ? text.toLowerCase() : text;
        const found = map.get(key);
        if (found !== undefined) return found;
        if (fallback) return fallback.evaluate(row);
        throw new ValueError('unmapped_value', `no entry for ${showValue(text)} in ${name}`);
      },
    };
  },
};
