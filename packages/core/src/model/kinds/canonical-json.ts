/** Deep copy with object keys sorted, so equal content always serialises to equal text. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties: a key `__proto__` stays a key instead of setting a prototype.
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, sortKeys(record[key])]),
    );
  }
  return value;
}

/** JSON text with sorted keys. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}
