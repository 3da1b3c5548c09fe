import { describe, expect, it } from 'vitest';
import { openSecrets, SealedSecretError, sealSecrets } from '../../src/executor/bullmq/sealed-secrets.ts';
import { TenantKeyError, tenantKey } from '../../src/executor/bullmq/tenant-queue.ts';

const KEY = 'a-key-of-at-least-sixteen-chars';
const secrets = { token: 'mut_secret_token_value', sourceUrl: 'postgres://u:pw@host/db' };

describe('sealed secrets', () => {
  it('opens with the same key what it sealed, and never shows the secret in the sealed text', () => {
    const sealed = sealSecrets(secrets, KEY);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('mut_secret');
    expect(sealed).not.toContain('pw@');
    expect(openSecrets(sealed, KEY)).toEqual(secrets);
    expect(sealSecrets(secrets, KEY)).not.toBe(sealed);
  });

  it('refuses another key, altered text and a short key, with messages free of the secret', () => {
    const sealed = sealSecrets(secrets, KEY);
    const attempts = [
      () => openSecrets(sealed, `${KEY}-other`),
      () => openSecrets(`${sealed.slice(0, -4)}AAAA`, KEY),
      () => openSecrets('v2.x.y.z', KEY),
      () => sealSecrets(secrets, 'short'),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow(SealedSecretError);
      try {
        attempt();
      } catch (error) {
        expect((error as Error).message).not.toContain('mut_secret');
      }
    }
  });
});

describe('tenant keys', () => {
  it('uses a given name when it can name a queue, and a stable digest otherwise', () => {
    expect(tenantKey('acme_eu-1', 'http://core/', 'tok')).toBe('acme_eu-1');
    expect(() => tenantKey('acme:eu', 'http://core/', 'tok')).toThrow(TenantKeyError);
    const digest = tenantKey(undefined, 'http://core/', 'tok');
    expect(digest).toMatch(/^t[0-9a-f]{16}$/);
    expect(tenantKey(undefined, 'http://core/', 'tok')).toBe(digest);
    expect(tenantKey(undefined, 'http://core/', 'other')).not.toBe(digest);
  });
});
