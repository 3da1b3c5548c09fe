import type { ColumnSpec } from './column-spec.ts';
import type { InexactKeyValues } from './sql-driver.ts';

/**
 * Naive timestamps in a gap of the source's time zone (a wall time a DST change skips): read with
 * the offset before the gap, `02:30` on a spring-forward day in Paris is the instant of `03:30`,
 * which binds back as `03:30`; such a key value cannot bound a range or resume point. `roundTrip`
 * writes the database's own round trip of a quoted column through the zone (a quoted SQL string);
 * a value it changes is in a gap. Undefined for zoned timestamps, other types and UTC.
 */
export function gapWallTimes(
  quoted: string,
  spec: ColumnSpec,
  timeZone: string,
  roundTrip: (quoted: string, zone: string) => string,
  unknownZone = '',
): InexactKeyValues | undefined {
  if (spec.type !== 'timestamp' || spec.zoned === true || timeZone === 'UTC') return undefined;
  const zone = `'${timeZone.replaceAll("'", "''")}'`;
  return {
    sql: roundTrip(quoted, zone),
    why: `holds a wall time that a DST change of ${timeZone} skips, read as the same instant as a later one${unknownZone}`,
  };
}
