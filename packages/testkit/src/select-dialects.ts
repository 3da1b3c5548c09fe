/**
 * The dialects a run of the suite covers, from the value of the `DIALECTS` environment variable (as in
 * Kysely's test setup): a comma-separated list of names (`DIALECTS=postgres`,
 * `DIALECTS=mysql,sqlite`); unset or empty means all of them. A name that is not a dialect is an
 * error naming it and the valid ones, so a typo never runs nothing silently.
 */
export function selectDialects<T extends { readonly name: string }>(
  all: readonly T[],
  value: string | undefined,
): readonly T[] {
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) return all;
  const unknown = names.filter((name) => !all.some((d) => d.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `DIALECTS names no dialect: ${unknown.join(', ')} (the dialects: ${all.map((d) => d.name).join(', ')})`,
    );
  }
  return all.filter((d) => names.includes(d.name));
}
