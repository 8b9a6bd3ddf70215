import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function setting() {
  const { pageRevalidateSetting } = await import('./isr-policy');
  return pageRevalidateSetting();
}

describe('pageRevalidateSetting', () => {
  it('is false by default: pages change only when purged', async () => {
    vi.stubEnv('ISR_SAFETY_TTL_SECONDS', undefined);
    expect(await setting()).toBe(false);
  });

  it('uses ISR_SAFETY_TTL_SECONDS as an optional safety net', async () => {
    vi.stubEnv('ISR_SAFETY_TTL_SECONDS', '3600');
    expect(await setting()).toBe(3600);
  });
});
