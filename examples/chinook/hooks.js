/**
 * Hooks of the Chinook mapping: pure functions the mapping calls with `{hook: name, args: […]}`.
 * Each takes source values and returns a value; a thrown error becomes a per-row error naming the
 * field. They import nothing, so a unit test calls them directly.
 */
/**
 * A phone number in a compact international form: `+1 (403) 262-3443` -> `+14032623443`,
 * `+49 0711 2842222` -> `+497112842222` (the trunk 0 after the country code is dropped when the
 * country code is followed by a space). Null stays null; too few digits is an error.
 */
export function phoneNumber(phone) {
  if (phone === null || phone === undefined || String(phone).trim() === '') return null;
  const text = String(phone).trim();
  const international = /^\+(\d{1,3})\s+\(?0?(.*)$/.exec(text);
  const digits = international
    ? `+${international[1]}${international[2].replace(/\D/g, '')}`
    : text.replace(/[^\d+]/g, '');
  if (digits.replace('+', '').length < 6) throw new Error(`"${text}" has too few digits for a phone number`);
  return digits;
}
/** A track length in milliseconds as `m:ss` (`343719` -> `5:43`). */
export function duration(milliseconds) {
  if (milliseconds === null || milliseconds === undefined) return null;
  const ms = Number(milliseconds);
  if (!Number.isFinite(ms) || ms < 0)
    throw new Error(`not a duration in milliseconds: ${String(milliseconds)}`);
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
//# sourceMappingURL=hooks.js.map
