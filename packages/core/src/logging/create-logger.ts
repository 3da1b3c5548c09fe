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

/** Hides the password of every URL inside a log line's text. */
export function redactUrlPasswords(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)([^@\s]+)@/gi, '$1***@');
}

/** Structured JSON logs with secrets redacted (tokens, authorization headers, URL passwords). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? redactUrlPasswords(a) : a));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      formatters: {
        log: (object) => JSON.parse(redactUrlPasswords(JSON.stringify(object))) as Record<string, unknown>,
      },
    },
    destination,
  );
}
