import { Redis } from 'ioredis';
import {
  deleteKeys,
  LOCAL_REDIS_URL,
  localRedis,
  SlowRedisProxy,
  startSlowRedisProxy,
  uniqueKeyPrefix,
} from '../../test/support/local-redis';
import { REDIS_COMMAND_TIMEOUT_MS, RedisThrottleStore } from './redis-throttle-store';

/** What only the Redis store does; the sliding-window semantics are in throttle-store.contract.spec.ts. */
describe('RedisThrottleStore', () => {
  const windowMs = 1000;
  const prefix = uniqueKeyPrefix();
  const bucket = (key: string, limit: number) => ({ key, limit });
  const opened: RedisThrottleStore[] = [];
  let redis: Redis;

  async function openStore(url = LOCAL_REDIS_URL): Promise<RedisThrottleStore> {
    const store = new RedisThrottleStore(url, prefix);
    opened.push(store);
    await store.connect();
    return store;
  }

  beforeAll(async () => {
    redis = localRedis();
    await redis.connect();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  afterAll(async () => {
    await deleteKeys(prefix);
    redis.disconnect();
  });

  it('shares the counts between instances: every client of the server sees every hit', async () => {
    const [first, second] = [await openStore(), await openStore()];
    await expect(first.admit([bucket('shared', 3)], windowMs)).resolves.toEqual({ allowed: true });
    await expect(second.admit([bucket('shared', 3)], windowMs)).resolves.toEqual({ allowed: true });
    await expect(first.admit([bucket('shared', 3)], windowMs)).resolves.toEqual({ allowed: true });
    await expect(second.admit([bucket('shared', 3)], windowMs)).resolves.toMatchObject({ allowed: false });
    await expect(first.admit([bucket('shared', 3)], windowMs)).resolves.toMatchObject({ allowed: false });
  });

  it('keeps a bucket as a sorted set of hits scored by the server clock, expiring one window after its last hit', async () => {
    const store = await openStore();
    const [seconds, microseconds] = await redis.time();
    await store.admit([bucket('timed', 5)], windowMs);
    const [, score] = await redis.zrange(`${prefix}timed`, 0, -1, 'WITHSCORES');
    const scoreAfterServerTime = Number(score) - (Number(seconds) * 1000 + Math.floor(Number(microseconds) / 1000));
    expect(scoreAfterServerTime).toBeGreaterThanOrEqual(0);
    expect(scoreAfterServerTime).toBeLessThan(100);
    const ttl = await redis.pttl(`${prefix}timed`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(windowMs);
  });

  it('holds at most the limit of hits per bucket, however many requests are refused', async () => {
    const store = await openStore();
    for (let i = 0; i < 10; i++) await store.admit([bucket('bounded', 3)], windowMs);
    await expect(redis.zcard(`${prefix}bounded`)).resolves.toBe(3);
  });

  it('fails, rather than guesses, when Redis is unreachable', async () => {
    const store = new RedisThrottleStore('redis://127.0.0.1:1', prefix);
    opened.push(store);
    await expect(store.connect()).rejects.toThrow(/ECONNREFUSED|Connection is closed/);
    await expect(store.admit([bucket('unreachable', 1)], windowMs)).rejects.toThrow();
    await expect(store.ping()).rejects.toThrow();
  });

  describe('behind a slow link', () => {
    let proxy: SlowRedisProxy;
    beforeAll(async () => {
      proxy = await startSlowRedisProxy();
    });
    afterAll(() => proxy.close());

    it(`fails a command that takes longer than ${REDIS_COMMAND_TIMEOUT_MS} ms, and works again once Redis is fast`, async () => {
      const store = await openStore(proxy.url);
      proxy.delayMs = 4 * REDIS_COMMAND_TIMEOUT_MS;
      const started = Date.now();
      await expect(store.admit([bucket('slow', 5)], windowMs)).rejects.toThrow(/timed out/);
      expect(Date.now() - started).toBeLessThan(3 * REDIS_COMMAND_TIMEOUT_MS);
      proxy.delayMs = 0;
      await new Promise((resolve) => setTimeout(resolve, 5 * REDIS_COMMAND_TIMEOUT_MS));
      await expect(store.admit([bucket('slow', 5)], windowMs)).resolves.toEqual({ allowed: true });
    });
  });
});
