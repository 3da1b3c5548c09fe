import { describe, expect, it } from 'vitest';
import { utcToWallTime, wallTimeToUtc } from '../../src/time/time-zone.ts';

/**
 * Wall times at the largest offsets and offset changes any IANA zone had, with the instant read
 * by hand from the tz database (`zdump -v`) and the rule of time-zone.ts (a fold's earlier
 * instant, a gap read with the offset from before it). The engine looks for offsets a day either
 * side of a wall time, so these are the cases where that day matters: changes of a whole day
 * (Alaska's 1867 fold, the Philippines' 1844 and Samoa's 2011 gaps, Kwajalein 1993) and local
 * mean time 15-16 hours from UTC.
 */
const CASES = [
  // +14:00 and -12:00, the zones furthest from UTC today.
  ['Pacific/Kiritimati', '2024-06-01T12:00:00', '2024-05-31T22:00:00', 'plain, +14:00'],
  ['Etc/GMT+12', '2024-06-01T12:00:00', '2024-06-02T00:00:00', 'plain, -12:00'],
  // Local mean time: Metlakatla +15:13:42 until 1867, Manila -15:56:08 until 1844.
  ['America/Metlakatla', '1850-01-01T00:00:00', '1849-12-31T08:46:18', 'plain, +15:13:42'],
  ['Asia/Manila', '1800-06-01T00:00:00', '1800-06-01T15:56:08', 'plain, -15:56:08'],
  // Manila 1844-12-31T15:56:08Z: -15:56:08 -> +08:03:52, 31 December 1844 never happened.
  ['Asia/Manila', '1844-12-30T23:59:59', '1844-12-31T15:56:07', 'last second before a day-long gap'],
  ['Asia/Manila', '1844-12-31T00:00:00', '1844-12-31T15:56:08', 'start of a day-long gap'],
  ['Asia/Manila', '1844-12-31T12:00:00', '1845-01-01T03:56:08', 'inside a day-long gap'],
  ['Asia/Manila', '1845-01-01T00:00:00', '1844-12-31T15:56:08', 'first second after a day-long gap'],
  // Apia 2011-12-30T10:00Z: -10:00 -> +14:00, 30 December 2011 never happened.
  ['Pacific/Apia', '2011-12-29T23:59:59', '2011-12-30T09:59:59', 'last second before a day-long gap'],
  ['Pacific/Apia', '2011-12-30T12:00:00', '2011-12-30T22:00:00', 'inside a day-long gap'],
  ['Pacific/Apia', '2011-12-31T00:00:00', '2011-12-30T10:00:00', 'first second after a day-long gap'],
  // Kwajalein 1993-08-21T12:00Z: -12:00 -> +12:00, 21 August 1993 never happened.
  ['Pacific/Kwajalein', '1993-08-21T12:00:00', '1993-08-22T00:00:00', 'inside a day-long gap'],
  ['Pacific/Kwajalein', '1993-08-22T00:00:00', '1993-08-21T12:00:00', 'first second after a day-long gap'],
  // Sitka 1867-10-19T00:31:13Z: +14:58:47 -> -09:01:13, 18 October 15:30 to 19 October 15:29:59
  // happened twice.
  ['America/Sitka', '1867-10-18T15:29:59', '1867-10-18T00:31:12', 'last second before a day-long fold'],
  ['America/Sitka', '1867-10-18T15:30:00', '1867-10-18T00:31:13', 'start of a day-long fold'],
  ['America/Sitka', '1867-10-19T12:00:00', '1867-10-18T21:01:13', 'inside a day-long fold'],
  ['America/Sitka', '1867-10-19T15:29:59', '1867-10-19T00:31:12', 'end of a day-long fold'],
  ['America/Sitka', '1867-10-19T15:30:00', '1867-10-20T00:31:13', 'first second after a day-long fold'],
  // Metlakatla, the same instant: +15:13:42 -> -08:46:18. The fold's last second is 15:13:43 after
  // the change in wall time, so a search closer than that to the wall time finds the later instant.
  ['America/Metlakatla', '1867-10-19T15:44:54', '1867-10-19T00:31:12', 'end of a day-long fold'],
] as const;

const millis = (text: string) => Date.parse(`${text}Z`);
const DAY = 86_400_000;

describe('wall times at the extreme offsets', () => {
  for (const [zone, wall, utc, what] of CASES)
    it(`${zone} ${wall} (${what}) is ${utc}Z`, () => {
      const instant = wallTimeToUtc(zone, millis(wall));
      expect(new Date(instant).toISOString()).toBe(`${utc}.000Z`);
      // Read back, the instant shows the wall time, or (in a gap) that time a day later.
      const moved = what === 'start of a day-long gap' || what === 'inside a day-long gap' ? DAY : 0;
      expect(utcToWallTime(zone, instant) - millis(wall)).toBe(moved);
    });
});
