/** The current time as a canonical timestamp (`YYYY-MM-DDTHH:MM:SS.ffffffZ`). */
export function canonicalNow(): string {
  return new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
