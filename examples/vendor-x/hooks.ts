// Code hooks of the Vendor X mapping: pure functions for what a declaration cannot say.

/** `item.attrs` holds JSON as text; core wants an object. Null and blank give null. */
export function parseAttributes(text: unknown): Record<string, unknown> | null {
  if (text === null || text === undefined) return null;
  if (typeof text !== 'string') throw new Error(`attrs is not text: ${typeof text}`);
  if (text.trim() === '') return null;
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('attrs is JSON but not an object');
  }
  return value as Record<string, unknown>;
}
