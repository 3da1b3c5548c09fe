import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../src/http/errors/problem-error.ts';
import { TenantLimiter } from '../../src/http/tenant-limiter.ts';

describe('tenant limiter', () => {
  it('refuses work beyond the cap per tenant with rate_limited and Retry-After, and frees slots', async () => {
    const limiter = new TenantLimiter(2);
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const running = [limiter.run('a', () => gate), limiter.run('a', () => gate)];
    const refused = await limiter.run('a', async () => 'ran').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProblemError);
    expect((refused as ProblemError).code).toBe('rate_limited');
    expect((refused as ProblemError).retryAfter).toBe(1);
    expect(await limiter.run('b', async () => 'other tenant')).toBe('other tenant');
    release();
    await Promise.all(running);
    expect(await limiter.run('a', async () => 'ran')).toBe('ran');
  });
});
