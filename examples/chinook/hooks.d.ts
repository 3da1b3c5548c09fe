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
export declare function phoneNumber(phone: unknown): string | null;
/** A track length in milliseconds as `m:ss` (`343719` -> `5:43`). */
export declare function duration(milliseconds: unknown): string | null;
