import { MemoryThrottleStore } from './memory-throttle-store';

/** What only the memory store does; the semantics it shares with the Redis store are in throttle-store.contract.spec.ts. */
describe('MemoryThrottleStore', () => {
  const windowMs = 20_000;
  const bucket = (key: string, limit: number) => ({ key, limit });
  let now: number;
  const store = () => new MemoryThrottleStore(() => now);

  beforeEach(() => {
    now = 0;
  });

  it('lets a hit leave the window exactly windowMs after it was made, to the millisecond', async () => {
    const memory = store();
    await memory.admit([bucket('a', 1)], windowMs);
    now = 19_999;
    await expect(memory.admit([bucket('a', 1)], windowMs)).resolves.toEqual({ allowed: false, retryAfterMs: 1 });
    now = 20_000;
    await expect(memory.admit([bucket('a', 1)], windowMs)).resolves.toEqual({ allowed: true });
  });

  it('forgets idle buckets on sweep', async () => {
    const memory = store();
    await memory.admit([bucket('a', 1)], windowMs);
    now = 30_000;
    memory.sweep(windowMs);
    now = 10_000;
    await expect(memory.admit([bucket('a', 1)], windowMs)).resolves.toEqual({ allowed: true });
  });
});
