import { hideUrlPasswords, replaceSecretParameters } from '@madeup/contract';

/** A whole URL (a string that is one, not a message quoting one): its query values end only at `&`, `#` or white space. */
const WHOLE_URL = /^[a-z][a-z0-9+.-]*:\/\/\S*$/i;

/**
 * Hides the password of every URL inside a text: `user:password@` (read by the contract's
 * `hideUrlPasswords`, as onboard's redaction reads it), and the value of every query parameter
 * whose name the contract's one list marks secret (`?password=`, `?sslkey=`, `?pwd=`...). In a text
 * that is not one whole URL, white space or a closing quote may end a value (see
 * `replaceSecretParameters`).
 */
export function redactUrlPasswords(text: string): string {
  const whole = WHOLE_URL.test(text);
  return replaceSecretParameters(
    hideUrlPasswords(text, whole),
    (separator, name) => `${separator}${name}=***`,
    !whole,
  );
}
