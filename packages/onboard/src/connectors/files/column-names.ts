import { FILE_COLUMN, ROW_COLUMN } from './normalise.ts';

/** A source column that got another name than its own, for the warning that says so. */
export interface Renamed {
  /** 1-based position in the header (or among an NDJSON stream's keys). */
  readonly position: number;
  /** The source's name; null for an empty CSV header field. */
  readonly from: string | null;
  readonly to: string;
  readonly why: string;
}

/**
 * Unique column names for the names of a CSV header, deterministically, so discover and read name
 * every column alike and no value is lost: an empty name (null) is `column_N`, N its position
 * (`column_N_2`, ... when the header has a `column_N` of its own); a
 * name that repeats an earlier one becomes `name_2` (`_3`, ... : the first suffix that is no other
 * name of the header and not yet given); so does a source column named like a position column
 * (`_source_file`, `_source_row`), which onboard fills itself and keys the stream by. NDJSON keys
 * go through it too (they never repeat, nor are null).
 */
export function columnNames(header: readonly (string | null)[]): { names: string[]; renamed: Renamed[] } {
  const given = new Set<string>();
  const names: string[] = [];
  const renamed: Renamed[] = [];
  header.forEach((field, i) => {
    let name = field ?? `column_${i + 1}`;
    if (field === null && (header.includes(name) || given.has(name))) {
      const taken = name;
      name = freeName(taken, header, given);
      renamed.push({
        position: i + 1,
        from: null,
        to: name,
        why: `would be ${taken}, a name the header has`,
      });
    } else if (field === FILE_COLUMN || field === ROW_COLUMN) {
      name = freeName(field, header, given);
      renamed.push({
        position: i + 1,
        from: field,
        to: name,
        why: 'is the name of a position column onboard adds',
      });
    } else if (field !== null && given.has(field)) {
      name = freeName(field, header, given);
      renamed.push({ position: i + 1, from: field, to: name, why: 'repeats an earlier column name' });
    }
    given.add(name);
    names.push(name);
  });
  return { names, renamed };
}

/** `base_2`, `base_3`, ...: the first that is neither a name of the header nor given already. */
function freeName(base: string, header: readonly (string | null)[], given: ReadonlySet<string>): string {
  for (let n = 2; ; n++) {
    const candidate = `${base}_${n}`;
    if (!given.has(candidate) && !header.includes(candidate)) return candidate;
  }
}

/** The warning for one renamed column; `where` names it (`t: a.csv column 3`, `t: the key`). */
export function renameWarning(where: string, r: Renamed): string {
  const from = r.from === null ? 'an empty name' : JSON.stringify(r.from);
  return `${where} (${from}) ${r.why}; read as ${JSON.stringify(r.to)}`;
}
