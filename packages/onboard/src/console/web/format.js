// How numbers, times and durations read on the console's pages.

const numbers = new Intl.NumberFormat('en');

export const num = (n) => (n === null || n === undefined ? '–' : numbers.format(n));

/** `2026-12-03 11:38:54` (UTC) from an ISO-8601 instant. */
export const time = (iso) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : '–');

/** `1 h 02 min`, `3 min 05 s`, `12 s`. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** Seconds between two instants, the second defaulting to now. */
export const elapsed = (from, to) =>
  from ? ((to ? Date.parse(to) : Date.now()) - Date.parse(from)) / 1000 : null;

export const pct = (part, whole) => (whole ? Math.min(100, Math.round((100 * part) / whole)) : null);
