import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ENV } from '../../config/environment.ts';
import { OnboardError } from '../../errors/onboard-error.ts';

/** The secrets a worker needs for a run and must not find in plain text in Redis. */
export interface RunSecrets {
  /** The tenant's API token for core. */
  readonly token: string;
  /** The source URL with its password, when the stored one (without) is not enough. */
  readonly sourceUrl?: string;
}

/** The environment variable holding the key shared by coordinators and workers. */
export const SECRET_KEY_ENV = ENV.secretKey.name;

/** A sealed value that cannot be opened: wrong key, or altered. The message holds no secret. */
export class SealedSecretError extends OnboardError {
  override readonly name = 'SealedSecretError';
  constructor(message: string, options?: ErrorOptions) {
    super('config', message, options);
  }
}

const VERSION = 'v1';

function keyOf(secretKey: string): Buffer {
  if (secretKey.length < 16)
    throw new SealedSecretError(`${SECRET_KEY_ENV} must be at least 16 characters long`);
  return createHash('sha256').update(secretKey).digest();
}

/** Encrypts `secrets` with AES-256-GCM under a key derived from `secretKey`: `v1.iv.tag.data` (base64url). */
export function sealSecrets(secrets: RunSecrets, secretKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secretKey), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), data]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** Opens what `sealSecrets` made with the same key. */
export function openSecrets(sealed: string, secretKey: string): RunSecrets {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== VERSION || iv === undefined || tag === undefined || data === undefined)
    throw new SealedSecretError('the sealed secrets are not in a known format');
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secretKey), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const text = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
    return JSON.parse(text.toString('utf8')) as RunSecrets;
  } catch {
    throw new SealedSecretError(
      `cannot open the run's sealed secrets: is ${SECRET_KEY_ENV} the coordinator's?`,
    );
  }
}
