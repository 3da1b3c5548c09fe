import { isSecretName, secretForms, urlPassword } from '@madeup/contract';
import pino, { type DestinationStream, type Logger } from 'pino';
import { redactUrlPasswords } from './redact-url-passwords.ts';

/** Paths that may hold secrets; pino replaces their values. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["idempotency-key"]',
  'headers.authorization',
  'authorization',
  'token',
  'adminToken',
  '*.token',
  '*.password',
  'password',
];

/** A JSON string literal in a serialised line. */
const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;

/** `text` with every value of `secrets` replaced by `***`. */
function replaceSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('***');
  return out;
}

/**
 * A serialised JSON log line with its secrets hidden and still valid JSON: every value in `secrets`
 * (in each of its forms, see `secretsOfUrls`) becomes `***`, then each string literal is decoded,
 * rid of `secrets` again (a JSON text inside a message is escaped once more in the line), scrubbed
 * by `redactUrlPasswords` and encoded again (scrubbing the line's text as such would cut a JSON
 * escape in two: a password `a"b` is written `a\"b`).
 */
export function scrubLogLine(line: string, secrets: readonly string[] = []): string {
  const out = replaceSecrets(line, secrets);
  const escaped = secrets.length > 0 && out.includes('\\');
  if (!out.includes('://') && !out.includes('=') && !escaped) return out;
  return out.replace(JSON_STRING, (literal) => {
    if (!literal.includes('://') && !literal.includes('=') && !(escaped && literal.includes('\\')))
      return literal;
    const text = JSON.parse(literal) as string;
    const scrubbed = redactUrlPasswords(replaceSecrets(text, secrets));
    return scrubbed === text ? literal : JSON.stringify(scrubbed);
  });
}

/**
 * The secret values inside the given URLs (the password of each, the value of each query parameter
 * the contract's list marks secret), in every form a log line may hold them: as written,
 * percent-decoded, percent-encoded and JSON-escaped. Values under 4 characters are left out (they
 * would blank ordinary words; the patterns still hide them in URLs).
 */
export function secretsOfUrls(urls: readonly (string | undefined)[]): string[] {
  const values = new Set<string>();
  for (const url of urls) {
    if (url === undefined) continue;
    const password = urlPassword(url);
    if (password !== undefined) values.add(password);
    for (const match of url.matchAll(/[?&;]([^=&;#]+)=([^&#]*)/g))
      if (isSecretName(match[1] as string)) values.add(match[2] as string);
  }
  const forms = new Set<string>();
  for (const value of values) {
    let decoded = value;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      // not percent-encoded as a whole: kept as written
    }
    for (const plain of [value, decoded])
      for (const form of secretForms(plain)) if (form.length >= 4) forms.add(form);
  }
  // Longest first, so a value is never half replaced by a shorter one inside it.
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Structured JSON logs with secrets redacted: known fields by path, the values of `secrets` (see
 * `secretsOfUrls`) wherever they appear, and passwords inside URLs anywhere in a line (the
 * serialised line is scrubbed before it is written, and stays valid JSON).
 */
export function createLogger(
  level: string,
  destination: DestinationStream = pino.destination(1),
  secrets: readonly string[] = [],
): Logger {
  const scrubbed: DestinationStream = {
    write: (line: string) => destination.write(scrubLogLine(line, secrets)),
  };
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, scrubbed);
}
