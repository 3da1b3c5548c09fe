import { existsSync } from 'node:fs';
import { IN_CI } from '@madeup/testkit';

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it): never a downloaded browser. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Why the browser tests cannot run here, or undefined when they can. Outside CI a missing Chromium
 * skips them with this message; in CI (CI=true) it is not a reason: the tests run and fail.
 */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM) || IN_CI) return undefined;
  return `browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
}
