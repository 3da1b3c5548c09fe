import { registerSecret } from '../config/redact-url.ts';

/** A secret given as a flag (`--token`): registered with the redaction rule, so no message shows it. */
export function secretFlag(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  registerSecret(value);
  return value;
}
