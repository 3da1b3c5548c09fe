import { OnboardError } from '../errors/onboard-error.ts';
import type { RejectionCode } from './rejection-codes.ts';

/**
 * A value that cannot be turned into what a field needs (bad number, bad date, unmapped code).
 * Thrown inside compiled expressions and caught per field, where it becomes a `Rejection`
 * naming the field: a row failure is data, never a crash.
 */
export class ValueError extends OnboardError {
  override readonly name = 'ValueError';
  readonly code: RejectionCode;

  constructor(code: RejectionCode, message: string) {
    super('source', message);
    this.code = code;
  }
}

/** A short, safe rendering of a source value for messages; it never throws (a bigint, a cycle). */
export function showValue(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : render(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function render(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  try {
    return String(JSON.stringify(value) ?? value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
