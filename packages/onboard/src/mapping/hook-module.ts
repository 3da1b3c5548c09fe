/**
 * A mapping's hooks module: a JS/TS module (named by `hooks:` in the mapping, relative to the
 * file) whose exported functions are pure, so a unit test can call them directly.
 *
 * - Expression hooks, `{hook: name, args: [...]}`: `(...values) => value`. A thrown error is a
 *   per-row `hook_failed` error naming the field.
 * - Row hooks, `transform: name`: `(row, column) => row | null`; the returned row replaces the
 *   source row for the rest of the mapping, null leaves the row out. `row` has the source's own
 *   column names; `column(name)` reads a value matching names the way the mapping does (case and
 *   `_` ignored), so a hook works on every spelling of a vendor schema.
 */
export type HookModule = Readonly<Record<string, unknown>>;

/** The shape of a row hook, for hooks modules to annotate themselves with. */
export type RowHook = (row: Readonly<Record<string, unknown>>) => Readonly<Record<string, unknown>> | null;
