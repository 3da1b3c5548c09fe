import pg from 'pg';

const raw = (value: string) => value;
/**
 * Type OIDs pg parses for us: booleans, bytea, 16/32-bit integers, floats and `text[]` (the array
 * parser, for arrays selected as `text[]`). Every other type arrives as the server's text, so
 * nothing is lost to JS numbers or Dates, nor turned into pg's objects (intervals, points). JSON
 * too: the value converter parses it once; parsed here as well, a JSON string (`"123"`) would
 * be parsed twice (to `123`, or to null when its text is not JSON).
 */
const PARSED = new Set([16, 17, 21, 23, 26, 700, 701, 1009]);

/** The pg type parsers of onboard's connections. */
export const postgresTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (!PARSED.has(oid)) return raw;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as unknown as pg.CustomTypesConfig;
