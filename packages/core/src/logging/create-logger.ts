import { replaceSecretParameters } from '@madeup/contract';
import pino, { type DestinationStream, type Logger } from 'pino';

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

/**
 * Hides the password of every URL inside a text: `user:password@`, and the value of every query
 * parameter whose name the contract's one list marks secret (`?password=`, `?sslkey=`, `?pwd=`...).
 */
export function redactUrlPasswords(text: string): string {
  return replaceSecretParameters(
    text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s"]+:)([^@\s"]+)@/gi, '$1***@'),
    (separator, name) => `${separator}${name}=***`,
    true,
  );
}

/**
 * Structured JSON logs with secrets redacted: known fields by path, and passwords inside URLs
 * anywhere in a line (the serialised line is scrubbed before it is written).
 */
export function createLogger(level: string, destination: DestinationStream = pino.destination(1)): Logger {
  const scrubbed: DestinationStream = {
    write: (line: string) => destination.write(redactUrlPasswords(line)),
  };
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, scrubbed);
}
