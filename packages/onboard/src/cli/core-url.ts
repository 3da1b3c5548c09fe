import { redactUrlAsWritten } from '../config/redact-url.ts';
import { UsageError } from '../errors/onboard-error.ts';

/**
 * `--core` (or `ONBOARD_CORE_URL`) as given, once it is known to be an `http://` or `https://`
 * URL. A value without its scheme (`127.0.0.1:8080`, `localhost:8080`), a misspelt scheme
 * (`htp://`) or a stray blank is a usage error naming the value, instead of an internal error or
 * "core is not reachable". `label` names where the value came from.
 */
export function checkedCoreUrl(value: string, label = '--core'): string {
  let url: URL | undefined;
  try {
    url = new URL(value.endsWith('/') ? value : `${value}/`);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new UsageError(
      `${label} must be core's http:// or https:// URL, like http://127.0.0.1:8080, not "${redactUrlAsWritten(value)}"`,
    );
  return value;
}
