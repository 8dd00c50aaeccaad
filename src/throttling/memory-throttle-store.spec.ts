import { MemoryThrottleStore } from './memory-throttle-store';

describe('MemoryThrottleStore', () => {
  const windowMs = 20_000;
  const bucket = (key: string, limit: number) => ({ key, limit });

  it('admits up to the limit within a window, then tells how long to wait', async () => {
    const store = new MemoryThrottleStore();
    for (let i = 0; i < 3; i++) await expect(store.admit([bucket('a', 3)], windowMs, 1_000 + i)).resolves.toEqual({ allowed: true });
    await expect(store.admit([bucket('a', 3)], windowMs, 5_000)).resolves.toEqual({ allowed: false, retryAfterMs: 16_000 });
  });

  it('slides: a hit leaves the window exactly windowMs after it was made', async () => {
    const store = new MemoryThrottleStore();
    await store.admit([bucket('a', 1)], windowMs, 0);
    await expect(store.admit([bucket('a', 1)], windowMs, 19_999)).resolves.toMatchObject({ allowed: false });
    await expect(store.admit([bucket('a', 1)], windowMs, 20_000)).resolves.toEqual({ allowed: true });
  });

  it('counts a refused request in no bucket', async () => {
    const store = new MemoryThrottleStore();
    await store.admit([bucket('full', 1)], windowMs, 0);
    await expect(store.admit([bucket('other', 1), bucket('full', 1)], windowMs, 1)).resolves.toMatchObject({ allowed: false });
    await expect(store.admit([bucket('other', 1)], windowMs, 2)).resolves.toEqual({ allowed: true });
  });

  it('keeps buckets apart', async () => {
    const store = new MemoryThrottleStore();
    await store.admit([bucket('tenant-a', 1)], windowMs, 0);
    await expect(store.admit([bucket('tenant-b', 1)], windowMs, 1)).resolves.toEqual({ allowed: true });
  });

  it('forgets idle buckets on sweep', async () => {
    const store = new MemoryThrottleStore();
    await store.admit([bucket('a', 1)], windowMs, 0);
    store.sweep(30_000, windowMs);
    await expect(store.admit([bucket('a', 1)], windowMs, 10_000)).resolves.toEqual({ allowed: true });
  });
});
