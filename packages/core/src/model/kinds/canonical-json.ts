/** Deep copy with object keys sorted, so equal content always serialises to equal text. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** JSON text with sorted keys. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}
